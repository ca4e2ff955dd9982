// comlink 4.4.2 ships its node adapter without an exports map or a matching .d.mts;
// this points the deep import at the adapter's own declaration.
declare module "comlink/dist/esm/node-adapter.mjs" {
  import nodeEndpoint from "comlink/dist/esm/node-adapter";
  export default nodeEndpoint;
}
