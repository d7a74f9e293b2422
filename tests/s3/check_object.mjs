// The independent client of the S3 store tests (@aws-sdk/client-s3, path-style, credentials
// S3RVER or the AWS_* environment): `verify` lists KEY's prefix to find KEY, gets it and compares
// its bytes with the test pattern (byte i = (i * 31 + SEED) mod 251); `write` puts such an object
// for the store to read. Exits 0 when the check holds, 1 with a reason otherwise.
//   usage: node check_object.mjs ENDPOINT BUCKET verify KEY SIZE SEED
//          node check_object.mjs ENDPOINT BUCKET write KEY SIZE SEED
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

const [endpoint, bucket, action, key, sizeText, seedText] = process.argv.slice(2);
const size = Number(sizeText);
const seed = Number(seedText);
const fail = (why) => {
  console.error(`check_object ${action} ${key}: ${why}`);
  process.exit(1);
};
const pattern = (n, s) => {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = (i * 31 + s) % 251;
  return bytes;
};
const client = new S3Client({
  endpoint,
  region: "us-east-1",
  forcePathStyle: true,
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID || "S3RVER",
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY || "S3RVER",
  },
});

if (action === "write") {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: pattern(size, seed) }));
  process.exit(0);
}
if (action !== "verify") fail("unknown action");
const prefix = key.slice(0, key.lastIndexOf("/") + 1);
const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
const entry = (listed.Contents || []).find((o) => o.Key === key);
if (!entry) fail(`not listed under ${prefix}`);
if (entry.Size !== size) fail(`listed size ${entry.Size}, expected ${size}`);
const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
const body = Buffer.from(await got.Body.transformToByteArray());
if (!body.equals(pattern(size, seed))) fail(`bytes differ (got ${body.length} bytes)`);
const etag = (got.ETag || "").replaceAll('"', "");
console.log(`check_object: ${key} holds the expected ${size} bytes (ETag ${etag})`);
