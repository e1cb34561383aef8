// GET /v1/models: the panels the chat gateway offers, one model each (`concord/<panel>`), with the
// agents it deliberates with. Behind the gateway's token like every /v1/ route.
import { modelName } from "../../gateway/chat-gateway.ts";
import { sendJson, type ApiRoute } from "./api-route.ts";
import { authorizedGateway } from "./openai-error.ts";

export const modelsRoute: ApiRoute = {
  method: "GET",
  path: /^\/v1\/models$/,
  async handle(req, res, _params, ctx) {
    const gateway = authorizedGateway(req, res, ctx);
    if (gateway === undefined) return;
    sendJson(res, 200, {
      object: "list",
      data: gateway.panels.map((panel) => ({
        id: modelName(panel), object: "model", created: 0, owned_by: "concord", agents: panel.agents,
        ...(panel.taskFamily === undefined ? {} : { task_family: panel.taskFamily }),
      })),
    });
  },
};
