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
  },
});
