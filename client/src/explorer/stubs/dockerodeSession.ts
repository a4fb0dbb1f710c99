// Stands in for dockerode's BuildKit session and buildkit modules in the bundle. The explorer never builds
// images, and those modules pull in gRPC and protobuf (about 400 KB); calling them says so instead.
function unsupported(): never {
  throw new Error('Image builds through BuildKit are not supported by the DockML explorer.');
}

module.exports = unsupported;
