// Build the dApp: `vite build --config app/vite.config.ts` writes app/dist, which the dApp server
// (orchestrator/src/web/dapp-server.ts) serves next to /deployment.json and /rpc.
import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const appDir = import.meta.dirname;

export default defineConfig({
  root: appDir,
  plugins: [react()],
  build: {
    outDir: path.join(appDir, "dist"),
    emptyOutDir: true,
    // main.tsx awaits the deployment record at the top level.
    target: "es2022",
    // That one file is ~540 KB raw (react-dom alone ~200 KB): scripts/bundle-size.ts reports it.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // Everything the first render imports in one file: otherwise the code the lazy pages share
        // with it is cut into a dozen small files, each one more request before the list shows.
        codeSplitting: { groups: [{ name: "index", tags: ["$initial"] }] },
      },
    },
  },
});
