package io.productscanner.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.testing.ApiEnvelope;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/v2/workflows}: each node's next nodes (the DAG's edges) and the params a submit form needs. */
class ControlWorkflowsTest {
    @RegisterExtension
    static final ControlApi api = ControlApi.perClass();

    private static JsonNode workflow(String workflowId) throws Exception {
        HttpResponse<String> response = api.get("/api/v2/workflows");
        assertEquals(200, response.statusCode(), response.body());
        for (JsonNode workflow : ApiEnvelope.data(response).path("workflows")) {
            if (workflow.path("workflow_id").asText().equals(workflowId)) {
                return workflow;
            }
        }
        throw new AssertionError("no workflow " + workflowId + " in " + response.body());
    }

    @Test
    void eachNodeNamesItsNextNodes() throws Exception {
        JsonNode nodes = workflow(ControlApi.BRANCHY).path("nodes");
        assertEquals(Json.read("""
                        [{"id": "choose", "type": "choose-left", "next": ["left", "right"]},
                         {"id": "left", "type": "noop", "next": ["finish"]},
                         {"id": "right", "type": "noop", "next": ["finish"]},
                         {"id": "finish", "type": "gate", "next": []}]"""), nodes);
    }

    @Test
    void paramsAreThoseThePlaceholdersReadThenTheDefaultedThenTheDescribed() throws Exception {
        assertEquals(Json.read("""
                        [{"name": "source", "required": false, "default": "auto",
                          "description": "where the products come from"},
                         {"name": "limit", "required": false, "default": 100, "description": null},
                         {"name": "catalog", "required": true, "default": null, "description": null},
                         {"name": "shop", "required": true, "default": null, "description": null},
                         {"name": "unused", "required": false, "default": true, "description": null},
                         {"name": "products", "required": false, "default": null, "description": "what to check"}]"""), workflow(ControlApi.PARAMETERISED).path("params"));
        assertEquals(Json.read("[]"), workflow(ControlApi.NOOP).path("params"));
    }
}
