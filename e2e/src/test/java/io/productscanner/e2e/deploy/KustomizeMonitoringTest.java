package io.productscanner.e2e.deploy;

import static io.productscanner.e2e.deploy.KustomizeRenderTest.find;
import static io.productscanner.e2e.deploy.KustomizeRenderTest.get;
import static io.productscanner.e2e.deploy.KustomizeRenderTest.kustomize;
import static io.productscanner.e2e.deploy.Repository.list;
import static io.productscanner.e2e.deploy.Repository.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The optional monitoring component (deploy/k8s/components/monitoring, rendered through overlays/monitoring): a
 * PrometheusRule with exactly the rules of docker/prometheus/alerts.yml, a PodMonitor that scrapes the API's and
 * every worker's metrics port, and the Grafana dashboards of docker/grafana as a ConfigMap for Grafana's sidecar.
 */
class KustomizeMonitoringTest {
    private static final String OBSERVE_PATH = "/observe/metrics";

    private static List<Map<String, Object>> monitored;

    @BeforeAll
    static void render() throws Exception {
        monitored = kustomize("deploy/k8s/overlays/monitoring");
    }

    @Test
    void theComponentIsOptional() throws Exception {
        List<Map<String, Object>> base = kustomize("deploy/k8s");
        for (String kind : List.of("PrometheusRule", "PodMonitor")) {
            assertTrue(find(base, kind, "product-scanner").isEmpty(), kind + " is not in the base");
        }
        assertTrue(find(base, "ConfigMap", "grafana-dashboards-product-scanner").isEmpty());
        // everything of the base is there unchanged besides
        assertEquals(base.size() + 3, monitored.size());
    }

    @Test
    void thePrometheusRuleHoldsExactlyTheRulesOfAlertsYml() throws IOException {
        Map<String, Object> rule = get(monitored, "PrometheusRule", "product-scanner");
        assertEquals("monitoring.coreos.com/v1", rule.get("apiVersion"));
        assertEquals("product-scanner", map(rule, "metadata", "rule").get("namespace"));
        Object alerts =
                Repository.yaml(Repository.read("docker/prometheus/alerts.yml")).get("groups");
        assertEquals(
                alerts,
                map(rule, "spec", "rule").get("groups"),
                "deploy/k8s/components/monitoring/prometheus-rule.yaml must hold the groups of "
                        + "docker/prometheus/alerts.yml unchanged");
    }

    @Test
    void thePodMonitorScrapesTheApiAndEveryWorkerOnTheirMetricsPorts() {
        Map<String, Object> monitor = map(get(monitored, "PodMonitor", "product-scanner"), "spec", "monitor");
        Map<String, Object> selector = map(map(monitor, "selector", "monitor"), "matchLabels", "selector");
        Map<String, Map<String, Object>> endpoints = new TreeMap<>();
        for (Map<String, Object> endpoint :
                Repository.<Map<String, Object>>list(monitor, "podMetricsEndpoints", "monitor")) {
            assertEquals(OBSERVE_PATH, endpoint.get("path"), endpoint.toString());
            endpoints.put(String.valueOf(endpoint.get("port")), endpoint);
        }
        assertEquals(Set.of("http", "observe"), endpoints.keySet());
        // the API's heartbeat gauges name the worker they describe: its `service` label is kept
        assertEquals(Boolean.TRUE, endpoints.get("http").get("honorLabels"));
        int deployments = 0;
        for (Map<String, Object> deployment : monitored.stream()
                .filter(o -> "Deployment".equals(o.get("kind")))
                .toList()) {
            deployments++;
            String name = String.valueOf(map(deployment, "metadata", "?").get("name"));
            Map<String, Object> template = map(map(deployment, "spec", name), "template", name);
            Map<String, Object> labels = map(map(template, "metadata", name), "labels", name);
            assertTrue(labels.entrySet().containsAll(selector.entrySet()), name + " is selected: " + labels);
            Set<String> ports = new TreeSet<>();
            for (Map<String, Object> port :
                    Repository.<Map<String, Object>>list(KustomizeRenderTest.container(deployment), "ports", name)) {
                ports.add(String.valueOf(port.get("name")));
            }
            String metricsPort = name.equals("api") ? "http" : "observe";
            assertEquals(Set.of(metricsPort), ports, name + " has one metrics port, scraped once");
        }
        assertTrue(deployments > 1, "the API and the workers");
    }

    @Test
    void theDashboardsAreConfigMapsForGrafanasSidecarEqualToDockerGrafana() throws IOException {
        Map<String, Object> configMap = get(monitored, "ConfigMap", "grafana-dashboards-product-scanner");
        Map<String, Object> metadata = map(configMap, "metadata", "dashboards");
        assertEquals("1", map(metadata, "labels", "dashboards").get("grafana_dashboard"));
        Map<String, String> shipped = new TreeMap<>();
        try (Stream<Path> files = Files.list(Repository.file("docker/grafana/dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                shipped.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        assertFalse(shipped.isEmpty());
        assertEquals(
                shipped,
                new TreeMap<>(map(configMap, "data", "dashboards")),
                "deploy/k8s/components/monitoring/dashboards must be a copy of docker/grafana/dashboards "
                        + "(cp docker/grafana/dashboards/*.json deploy/k8s/components/monitoring/dashboards/ and "
                        + "list new files in its kustomization.yaml)");
    }

    @Test
    void everyPodHasTheMetricsPortItsScrapeAnnotationNames() {
        // the annotations serve annotation-based scraping; the PodMonitor names the same ports
        for (Map<String, Object> deployment : monitored.stream()
                .filter(o -> "Deployment".equals(o.get("kind")))
                .toList()) {
            String name = String.valueOf(map(deployment, "metadata", "?").get("name"));
            Map<String, Object> template = map(map(deployment, "spec", name), "template", name);
            Map<String, Object> annotations = map(map(template, "metadata", name), "annotations", name);
            assertEquals(OBSERVE_PATH, annotations.get("prometheus.io/path"), name);
            Object port = list(KustomizeRenderTest.container(deployment), "ports", name)
                    .getFirst();
            assertEquals(
                    String.valueOf(((Map<?, ?>) port).get("containerPort")),
                    annotations.get("prometheus.io/port"),
                    name);
        }
    }
}
