// Re-renders a Lit element whenever an EventTarget it depends on (a Session, the settings)
// reports a change, and stops listening when the element leaves the page.
import type { ReactiveController, ReactiveControllerHost } from "lit";

export class ChangeController implements ReactiveController {
  private target: EventTarget | null = null;
  private readonly listener = () => this.host.requestUpdate();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly event = "change",
  ) {
    host.addController(this);
  }

  /** Follows `target` (null to stop). */
  observe(target: EventTarget | null): void {
    if (target === this.target) return;
    this.target?.removeEventListener(this.event, this.listener);
    this.target = target;
    this.target?.addEventListener(this.event, this.listener);
  }

  hostDisconnected(): void {
    this.target?.removeEventListener(this.event, this.listener);
  }

  hostConnected(): void {
    this.target?.addEventListener(this.event, this.listener);
  }
}
