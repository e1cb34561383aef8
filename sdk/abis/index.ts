// The contracts' ABIs, typed `as const`, generated from the compiler's artifacts by `npm run build:contracts`.
export * from "./abis.generated.ts";
