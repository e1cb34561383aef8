// `npm run build:bundles`: the simulated agent and the `concord` command line, each as one ES module
// file, which their launchers run instead of the source when it is fresh (orchestrator/src/bundles/
// fresh-bundle.ts). Next to each, the list of files it was built from, so a bundle older than any of
// them is never used.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { build, type Plugin } from "esbuild";
import { AGENT_TARGET, type BundleTarget, CLI_TARGET } from "@concord/orchestrator/bundles/fresh-bundle.ts";

const root = path.resolve(import.meta.dirname, "..");

/**
 * Our modules find files relative to their own folder (`import.meta.dirname`: artifacts, docs,
 * app/dist, deployments, the node's config). In a bundle every module has the bundle's folder, so
 * each use becomes that module's own folder, resolved from wherever the bundle is at run time.
 */
function ownFolders(outDir: string): Plugin {
  return {
    name: "own-folders",
    setup(builder) {
      builder.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.split(path.sep).includes("node_modules")) return undefined;
        const text = await readFile(args.path, "utf8");
        if (!text.includes("import.meta.dirname")) return undefined;
        const folder = JSON.stringify(path.relative(outDir, path.dirname(args.path)));
        return { contents: text.replaceAll("import.meta.dirname", `__concordFolder(${folder})`), loader: "ts" };
      });
    },
  };
}

async function bundle(label: string, target: BundleTarget): Promise<void> {
  const outDir = path.dirname(target.bundle);
  const result = await build({
    entryPoints: [target.source],
    outfile: target.bundle,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    metafile: true,
    logLevel: "warning",
    plugins: [ownFolders(outDir)],
    // Native code and packages that load files beside their own modules stay as packages.
    external: ["secp256k1", "tiny-secp256k1"],
    banner: {
      js: [
        // The bundled CommonJS packages call require(), which an ES module has only when given one.
        "import { createRequire as __concordRequire } from 'node:module';",
        "import { resolve as __concordResolve } from 'node:path';",
        "const require = __concordRequire(import.meta.url);",
        "const __concordFolder = (relative) => __concordResolve(import.meta.dirname, relative);",
      ].join(" "),
    },
  });
  const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(root, input));
  await writeFile(target.inputs, `${JSON.stringify(inputs)}\n`);
  console.log(`[${label}] ${path.relative(root, target.bundle)}: ${inputs.length} files in one`);
}

await Promise.all([bundle("agent", AGENT_TARGET), bundle("cli", CLI_TARGET)]);
