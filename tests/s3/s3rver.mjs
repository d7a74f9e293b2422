// A throwaway S3-compatible server for the tests: s3rver on 127.0.0.1 (a free port unless one is
// given), keeping its objects in DIR, with one bucket; prints "PORT" on stdout once it listens.
// Credentials are s3rver's fixed S3RVER / S3RVER; it checks SigV4 signatures.
//   usage: node s3rver.mjs DIR BUCKET [PORT]
import S3rver from "s3rver";

const [dir, bucket, port] = process.argv.slice(2);
if (!dir || !bucket) {
  console.error("usage: node s3rver.mjs DIR BUCKET [PORT]");
  process.exit(2);
}
const server = new S3rver({
  address: "127.0.0.1",
  port: port ? Number(port) : 0,
  silent: true,
  directory: dir,
  configureBuckets: [{ name: bucket }],
});
const { port: bound } = await server.run();
console.log(String(bound));
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
