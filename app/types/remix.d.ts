// Single Fetch (v3_singleFetch) changes what useLoaderData/useActionData infer.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
