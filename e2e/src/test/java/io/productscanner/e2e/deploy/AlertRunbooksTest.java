package io.productscanner.e2e.deploy;

import static io.productscanner.e2e.deploy.Repository.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every alert of docker/prometheus/alerts.yml (and so of the Kubernetes PrometheusRule, which holds the same rules)
 * carries a {@code runbook_url} to its own section of docs/OPERATIONS.md, and that section exists.
 */
class AlertRunbooksTest {
    private static final String OPERATIONS = "docs/OPERATIONS.md";
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyAlertLinksItsRunbookSectionOfOperationsMd() throws IOException {
        Set<String> anchors = headingAnchors(Repository.read(OPERATIONS));
        int alerts = 0;
        for (Map<String, Object> group : Repository.<Map<String, Object>>list(
                Repository.yaml(Repository.read("docker/prometheus/alerts.yml")), "groups", "alerts.yml")) {
            for (Map<String, Object> rule : Repository.<Map<String, Object>>list(group, "rules", "group")) {
                if (!rule.containsKey("alert")) {
                    continue; // a recorded series
                }
                alerts++;
                String alert = String.valueOf(rule.get("alert"));
                String url = String.valueOf(map(rule, "annotations", alert).get("runbook_url"));
                assertEquals(OPERATIONS + "#" + alert.toLowerCase(Locale.ROOT), url, alert + ": its own section");
                String anchor = url.substring(url.indexOf('#') + 1);
                assertTrue(
                        anchors.contains(anchor),
                        alert + ": no heading with the anchor " + anchor + " in " + OPERATIONS);
            }
        }
        assertTrue(alerts >= 9, "alerts.yml holds its alerts: " + alerts);
    }

    @Test
    void headingsBecomeAnchorsAsGitHubMakesThem() {
        assertEquals(
                Set.of("runbooks", "scannerqueuebacklog", "metrics-alerts-and-dashboards"),
                headingAnchors("## Runbooks\n### ScannerQueueBacklog\n```\n# not a heading\n```\n"
                        + "## Metrics, alerts and dashboards\n"));
    }

    /** GitHub's anchors of a Markdown file's headings (outside fenced code): lower case, punctuation dropped. */
    static Set<String> headingAnchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : markdown.lines().toList()) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (!fenced && heading.matches()) {
                StringBuilder slug = new StringBuilder();
                heading.group(1).toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
                    if (c == ' ') {
                        slug.append('-');
                    } else if (c == '-' || c == '_' || Character.isLetterOrDigit(c)) {
                        slug.appendCodePoint(c);
                    }
                });
                anchors.add(slug.toString());
            }
        }
        return anchors;
    }
}
