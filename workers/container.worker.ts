// Browser module worker entry: exposes the sandbox runtime over comlink on `self`.
import * as Comlink from "comlink";
import { createWorkerApi } from "../src/worker/api.ts";

Comlink.expose(createWorkerApi());
