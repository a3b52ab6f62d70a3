// Calls Version and Mount on the provider socket with @grpc/grpc-js and prints one JSON line.
// Usage: node client.js <proto> <socket> < request.json
'use strict';
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [protoPath, socketPath] = process.argv.slice(2);
const definition = protoLoader.loadSync(protoPath, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
const v1alpha1 = grpc.loadPackageDefinition(definition).v1alpha1;
// Same dial form as the driver: unix:<absolute path>, insecure, authority localhost.
const client = new v1alpha1.CSIDriverProvider('unix://' + socketPath, grpc.credentials.createInsecure());

let input = '';
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const request = JSON.parse(input);
  client.Version({ version: 'v1alpha1' }, (versionError, version) => {
    if (versionError) { fail(versionError); return; }
    client.Mount(request, (mountError, response) => {
      if (mountError) {
        console.log(JSON.stringify({ version, error: { code: mountError.code, details: mountError.details } }));
        client.close();
        return;
      }
      const files = response.files.map(f => ({ path: f.path, mode: f.mode, contents: f.contents.toString('base64') }));
      console.log(JSON.stringify({ version, files, object_version: response.object_version }));
      client.close();
    });
  });
});

function fail(error) {
  console.error(error.message);
  process.exit(1);
}
