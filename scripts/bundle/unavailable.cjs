// Stands in, in the extension and CLI bundles, for dockerode's optional transports DS01 never uses: ssh2 (ssh://
// DOCKER_HOST) and gRPC/protobuf (BuildKit sessions). They are over half a megabyte; any use says so plainly.
module.exports = new Proxy(
  {},
  {
    get(_, key) {
      if (key === '__esModule') return false;
      return function unavailable() {
        throw new Error(
          `${String(key)} is not part of the DS01 bundles (ssh:// engines and BuildKit sessions are not supported); use a unix:// or tcp:// Docker host.`,
        );
      };
    },
  },
);
