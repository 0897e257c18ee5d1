package io.productscanner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault injection (issue 7): a few thousand malformed and hostile requests from a fixed-seed generator, sent
 * over raw sockets to one {@code serve} process. Every hostile request gets a 4xx with the error envelope,
 * nothing gets a 5xx, the server stays healthy, and the queues (and the set of jobs in Redis) are unchanged.
 * Prints the number of requests and the status histogram as {@code fuzz:}.
 */
class FaultFuzzTest {
    private static final long SEED = 20_250_607L;
    private static final int MIB = 1024 * 1024;
    private static final String PRODUCT_URL = "https://www.musinsa.com/products/3674341";

    @TempDir
    Path data;

    /** One request; {@code hostile} ones must get a 4xx envelope, the others anything but a 5xx. */
    record Case(String kind, String method, String target, byte[] body, String contentType, long declaredLength,
                boolean chunked, boolean hostile) {
        String describe() {
            String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
            return kind + ": " + method + " " + (target.length() > 160 ? target.substring(0, 160) + "…" : target)
                    + (body == null ? "" : " body[" + body.length + (declaredLength != body.length
                    ? ", Content-Length " + declaredLength : "") + (chunked ? ", chunked" : "") + "]=" + shown);
        }
    }

    @Test
    void thousandsOfHostileRequestsGetA4xxEnvelopeAndChangeNothing() throws Exception {
        int port = ScannerProcessHandle.freePort();
        int redisPort = ScannerProcessHandle.freePort();
        try (ScannerProcessHandle server = ScannerProcessHandle.start(Map.of("PORT", Integer.toString(port),
                "EMBEDDED_REDIS_PORT", Integer.toString(redisPort), "DATA_DIR", data.toString(),
                "WORKER_PLATFORMS", "default"), "serve")) {
            Api api = new Api(port);
            api.awaitHealthy(server, Duration.ofSeconds(60));
            RawHttp http = new RawHttp(port);
            // two jobs that stay queued (no musinsa worker here), so the queues are not trivially empty
            List<String> seeded = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Api.Reply reply = api.post("/api/v2/workflows/execute", validBody().toString());
                assertEquals(202, reply.status(), reply.raw());
                seeded.add(reply.body().path("data").path("job_id").asText());
            }
            JsonNode queuesBefore = queues(api);
            long jobKeysBefore;
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
            try (StatefulRedisConnection<String, String> redis = client.connect()) {
                jobKeysBefore = redis.sync().keys("workflow:job:*").size();

                List<Case> cases = generate(new Random(SEED), seeded);
                Map<Integer, Integer> histogram = new TreeMap<>();
                Map<String, List<String>> failures = new LinkedHashMap<>();
                int sent = 0;
                for (Case c : cases) {
                    RawHttp.Reply reply;
                    try {
                        reply = http.send(c.method(), c.target(), c.body(), c.contentType(), c.declaredLength(),
                                c.chunked());
                    } catch (Exception e) {
                        failures.computeIfAbsent(c.kind() + " → no answer (" + e.getClass().getSimpleName() + ")",
                                k -> new ArrayList<>()).add(c.describe());
                        continue;
                    }
                    sent++;
                    histogram.merge(reply.status(), 1, Integer::sum);
                    String problem = check(c, reply);
                    if (problem != null) {
                        failures.computeIfAbsent(c.kind() + " → " + problem, k -> new ArrayList<>())
                                .add(c.describe() + "\n        answer " + reply.status() + " " + abbreviate(reply.body()));
                    }
                    if (sent % 250 == 0) {
                        assertTrue(server.isAlive(), "the server died after " + sent + " requests:\n" + server.output());
                        assertEquals(200, api.get("/observe/health").status(), "unhealthy after " + sent + " requests");
                    }
                }
                Map<String, Integer> kinds = new TreeMap<>();
                cases.forEach(c -> kinds.merge(c.kind(), 1, Integer::sum));
                System.out.printf("fuzz: %d requests (seed %d), status histogram %s, by kind %s, %d kinds of"
                        + " failure%n", sent, SEED, histogram, kinds, failures.size());

                assertTrue(server.isAlive(), "the server died:\n" + server.output());
                assertEquals(200, api.get("/observe/health").status(), "healthy after the fuzz");
                StringBuilder report = new StringBuilder();
                failures.forEach((what, examples) -> {
                    report.append("\n  ").append(what).append(" (").append(examples.size()).append("x), e.g.");
                    examples.stream().limit(3).forEach(e -> report.append("\n      ").append(e));
                });
                assertEquals(queuesBefore, queues(api), "the queues changed");
                assertEquals(jobKeysBefore, redis.sync().keys("workflow:job:*").size(), "jobs were created");
                for (String id : seeded) {
                    assertEquals("pending", api.get("/api/v2/jobs/" + id).body().path("data").path("status").asText());
                }
                assertEquals("", report.toString(), "answers that break the rules");
                assertTrue(sent >= 2500, "only " + sent + " requests were sent");
            } finally {
                client.shutdown();
            }
        }
    }

    private static String check(Case c, RawHttp.Reply reply) {
        int status = reply.status();
        if (status >= 500) {
            return "5xx";
        }
        if (!c.hostile() && status >= 200 && status < 300) {
            return null;
        }
        if (status < 400) {
            // BUG (issue 7 "bodies over 1 MiB get 413"): a chunked body over 1 MiB sent to a GET endpoint that
            // never reads its body is answered 200; only a Content-Length over the cap is refused up front
            return status + " for a hostile request";
        }
        JsonNode body = reply.json();
        if (!body.isObject() || body.path("success").asBoolean(true) || !body.path("error").path("code").isTextual()
                || body.path("error").path("code").asText().isBlank()
                // BUG: what Helidon refuses before routing (bad request-target, bad %-escape in the query, URI
                // over the prologue limit → 414, a method token with spaces) comes with "message": null, because
                // ErrorHandlers.direct passes on Helidon's null message for everything but 413
                || body.path("error").path("message").asText("").isBlank()) {
            return status + " without the error envelope";
        }
        return null;
    }

    private static JsonNode queues(Api api) throws Exception {
        JsonNode data = api.get("/api/v2/jobs/running").body().path("data");
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("queued", data.path("queued"));
        out.set("summary", data.path("summary"));
        out.set("running", data.path("running"));
        return out;
    }

    // ---- the generator ------------------------------------------------------------------------------------

    private static ObjectNode validBody() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("workflow_id", "musinsa-validation-v2").put("priority", 1);
        ObjectNode params = body.putObject("params");
        ObjectNode product = params.putArray("products").addObject();
        product.put("url", PRODUCT_URL).put("product_set_id", "fz-1");
        product.putObject("expected").put("product_name", "name").put("original_price", 100)
                .put("discounted_price", 90).put("sale_status", "on_sale");
        params.put("concurrency", 1);
        body.putObject("metadata").put("by", "fuzz");
        return body;
    }

    private static final String EXECUTE = "/api/v2/workflows/execute";

    private static List<Case> generate(Random r, List<String> seeded) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            cases.add(post("malformed-json", EXECUTE, malformed(r), pickContentType(r)));
        }
        for (int i = 0; i < 600; i++) {
            cases.add(post("wrong-type", EXECUTE, wrongType(r).getBytes(StandardCharsets.UTF_8), "application/json"));
        }
        for (int i = 0; i < 60; i++) {
            cases.add(post("deep-nesting", EXECUTE, deep(r), "application/json"));
        }
        for (int i = 0; i < 40; i++) {
            cases.add(post("huge-array", EXECUTE, huge(r, i), "application/json"));
        }
        for (int i = 0; i < 30; i++) {
            cases.add(oversized(r, i));
        }
        String[] jobPaths = {"", "/results", "/cancel"};
        for (int i = 0; i < 450; i++) {
            String suffix = jobPaths[r.nextInt(jobPaths.length)];
            String target = "/api/v2/jobs/" + uuidV7(r) + suffix;
            cases.add(suffix.equals("/cancel") ? post("unknown-id", target, new byte[0], null)
                    : new Case("unknown-id", "GET", target, null, null, -1, false, true));
        }
        for (int i = 0; i < 450; i++) {
            String suffix = jobPaths[r.nextInt(jobPaths.length)];
            String target = "/api/v2/jobs/" + invalidId(r) + suffix;
            cases.add(suffix.equals("/cancel") ? post("invalid-id", target, new byte[0], null)
                    : new Case("invalid-id", "GET", target, null, null, -1, false, true));
        }
        for (int i = 0; i < 350; i++) {
            cases.add(traversal(r, seeded));
        }
        for (int i = 0; i < 350; i++) {
            cases.add(unknownMethod(r, seeded));
        }
        for (int i = 0; i < 500; i++) {
            cases.add(query(r, seeded));
        }
        return cases;
    }

    private static Case post(String kind, String target, byte[] body, String contentType) {
        return new Case(kind, "POST", target, body, contentType, body.length, false, true);
    }

    private static String pickContentType(Random r) {
        String[] types = {"application/json", "application/json", "application/json", null, "text/plain",
                "application/json; charset=utf-16", "application/x-www-form-urlencoded", "multipart/form-data"};
        return types[r.nextInt(types.length)];
    }

    /** Bodies that are not one JSON object, each broken in a way that cannot come out valid. */
    private static byte[] malformed(Random r) {
        String valid = validBody().toString();
        return switch (r.nextInt(12)) {
            case 0 -> valid.substring(0, 1 + r.nextInt(valid.length() - 1)).getBytes(StandardCharsets.UTF_8);
            case 1 -> {
                // a structural character becomes junk
                char[] chars = valid.toCharArray();
                List<Integer> structural = new ArrayList<>();
                for (int i = 0; i < chars.length; i++) {
                    if ("{}[]:,\"".indexOf(chars[i]) >= 0) {
                        structural.add(i);
                    }
                }
                chars[structural.get(r.nextInt(structural.size()))] = "#;@`\\'=(".charAt(r.nextInt(8));
                yield new String(chars).getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                byte[] bytes = new byte[1 + r.nextInt(2000)];
                r.nextBytes(bytes);
                bytes[0] = (byte) (0x80 | bytes[0]); // never a valid start
                yield bytes;
            }
            case 3 -> ("{'workflow_id': 'musinsa-validation-v2', 'params': {}}").getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"workflow_id\": \"musinsa-validation-v2\", \"priority\": NaN}").getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{/* c */ \"workflow_id\": \"musinsa-validation-v2\"}").getBytes(StandardCharsets.UTF_8);
            case 6 -> ("{\"workflow_id\": \"musinsa-validation-v2\", \"params\": {\"products\": [1,],},}")
                    .getBytes(StandardCharsets.UTF_8);
            case 7 -> ("{workflow_id: musinsa-validation-v2}").getBytes(StandardCharsets.UTF_8);
            case 8 -> {
                String[] scalars = {"null", "true", "false", "0", "-1", "1e999", "\"musinsa-validation-v2\"", "[]",
                        "[{}]", "\"\"", " ", "\u0000", "\uFEFF", "[" + valid + "]"};
                yield scalars[r.nextInt(scalars.length)].getBytes(StandardCharsets.UTF_8);
            }
            case 9 -> ("{\"workflow_id\": \"musinsa-\\x41\"}").getBytes(StandardCharsets.UTF_8);
            case 10 -> {
                // a priority with more digits than the parser accepts
                yield ("{\"workflow_id\": \"musinsa-validation-v2\", \"priority\": " + "9".repeat(1200 + r.nextInt(5000))
                        + "}").getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                // invalid UTF-8 inside a string
                byte[] head = "{\"workflow_id\": \"musinsa-validation-v2\", \"metadata\": {\"x\": \"".getBytes(
                        StandardCharsets.UTF_8);
                byte[] tail = "\"".getBytes(StandardCharsets.UTF_8);
                byte[] bytes = Arrays.copyOf(head, head.length + 3 + tail.length);
                bytes[head.length] = (byte) 0xC3;
                bytes[head.length + 1] = (byte) 0x28;
                bytes[head.length + 2] = (byte) 0xFF;
                System.arraycopy(tail, 0, bytes, head.length + 3, tail.length);
                yield bytes;
            }
        };
    }

    private static final Object[] NOT_STRING = {7, true, 1.5, List.of(), Map.of()};

    /** A valid body with one field given a value of the wrong type (or out of its range). */
    private static String wrongType(Random r) {
        ObjectNode body = validBody();
        ObjectNode params = (ObjectNode) body.get("params");
        ObjectNode product = (ObjectNode) params.get("products").get(0);
        ObjectNode expected = (ObjectNode) product.get("expected");
        List<Consumer<Object>> fields = List.of(
                v -> set(body, "workflow_id", v), v -> set(body, "priority", v), v -> set(body, "params", v),
                v -> set(body, "metadata", v), v -> set(params, "products", v), v -> setIndex(params, v),
                v -> set(product, "url", v), v -> set(product, "product_set_id", v), v -> set(product, "expected", v),
                v -> set(expected, "original_price", v), v -> set(expected, "discounted_price", v),
                v -> set(expected, "sale_status", v), v -> set(expected, "product_name", v),
                v -> set(expected, "thumbnail", v), v -> set(params, "concurrency", v));
        Object[][] wrong = {
                {7, true, 1.5, List.of(), Map.of(), null, "", "nope-v9", "../musinsa-validation-v2", "\u0000"},
                {"high", true, 1.5, List.of(), Map.of(), 5000, -5000, 1e10, "1", Long.MAX_VALUE},
                {1, "x", List.of(1), true, 1.5},
                {1, "x", List.of(1), true, 1.5},
                {"x", 1, Map.of(), true, List.of()},
                {"x", 1, List.of(), true, null},
                {7, true, List.of(), Map.of(), null, "", "javascript:alert(1)", "file:///etc/passwd",
                        "https://evil.example/products/1", "http://127.0.0.1:6379/", "/products/1"},
                {true, List.of(), Map.of(), 1.5},
                {"x", 1, List.of(), true},
                {"100", -1, 1.5, true, Map.of(), List.of()},
                {"90", -1, 1.5, true, Map.of(), List.of()},
                {"gone", 1, true, List.of(), Map.of()},
                {1, true, List.of(), Map.of()},
                {1, true, List.of(), Map.of()},
                {"many", List.of(), Map.of(), true},
        };
        int field = r.nextInt(fields.size());
        if (r.nextInt(10) == 0) {
            body.put("x_" + Integer.toHexString(r.nextInt()), 1); // an unknown top-level field instead
        } else {
            Object[] values = wrong[field];
            fields.get(field).accept(values[r.nextInt(values.length)]);
        }
        return body.toString();
    }

    private static void set(ObjectNode node, String field, Object value) {
        node.set(field, Api.JSON.valueToTree(value));
    }

    private static void setIndex(ObjectNode params, Object value) {
        ((ArrayNode) params.get("products")).set(0, Api.JSON.valueToTree(value));
    }

    private static byte[] deep(Random r) {
        int[] depths = {19, 21, 50, 200, 999, 1001, 5000, 100_000};
        int depth = depths[r.nextInt(depths.length)];
        boolean arrays = r.nextBoolean();
        String where = r.nextBoolean() ? "params" : "metadata";
        StringBuilder s = new StringBuilder("{\"workflow_id\": \"musinsa-validation-v2\", \"" + where + "\": ");
        if (where.equals("params")) {
            s.append("{\"products\": [{\"url\": \"" + PRODUCT_URL + "\"}], \"x\": ");
        } else {
            s.append("{\"x\": ");
        }
        s.append((arrays ? "[" : "{\"a\":").repeat(depth)).append('1').append((arrays ? "]" : "}").repeat(depth));
        s.append("}, \"bad\": 1}"); // an unknown field as well, so even a shallow one is refused
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] huge(Random r, int i) {
        String head = "{\"workflow_id\": \"musinsa-validation-v2\", ";
        String body = switch (i % 5) {
            case 0 -> head + "\"params\": {\"products\": [" + "1,".repeat(10_000 + r.nextInt(50_000)) + "1]}}";
            case 1 -> {
                StringBuilder fields = new StringBuilder();
                int n = 10_001 + r.nextInt(20_000);
                for (int k = 0; k < n; k++) {
                    fields.append(k == 0 ? "" : ",").append("\"f").append(k).append("\":0");
                }
                yield head + "\"params\": {\"products\": [{\"url\": \"" + PRODUCT_URL + "\"}]}, \"metadata\": {"
                        + fields + "}}";
            }
            case 2 -> head + "\"params\": {\"products\": [{\"url\": \"" + PRODUCT_URL + "\"}]}, \"metadata\": {\"x\": \""
                    + "a".repeat(64 * 1024 + 1 + r.nextInt(400_000)) + "\"}}";
            case 3 -> head + "\"metadata\": {\"" + "k".repeat(50_001 + r.nextInt(100_000)) + "\": 1}}";
            default -> head + "\"params\": {\"products\": [{\"url\": \"" + PRODUCT_URL + "\"}], \"x\": ["
                    + "[0],".repeat(10_001 + r.nextInt(100_000)) + "0]}}";
        };
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** Bodies over 1 MiB: announced by Content-Length (only part of it sent) or streamed chunked. */
    private static Case oversized(Random r, int i) {
        String[] targets = {EXECUTE, EXECUTE, "/api/v2/jobs/" + uuidV7(r) + "/cancel", "/api/v2/jobs/running",
                "/api/v2/nowhere"};
        String target = targets[r.nextInt(targets.length)];
        String method = target.endsWith("running") ? "GET" : "POST";
        byte[] prefix = ("{\"workflow_id\": \"musinsa-validation-v2\", \"metadata\": {\"x\": \"")
                .getBytes(StandardCharsets.UTF_8);
        if (i % 3 == 2) {
            byte[] body = Arrays.copyOf(prefix, MIB + 1 + r.nextInt(MIB));
            Arrays.fill(body, prefix.length, body.length, (byte) 'a');
            return new Case("oversized-chunked", method, target, body, "application/json", -1, true, true);
        }
        long[] lengths = {MIB + 1L, 2L * MIB, 100L * MIB, 4L * 1024 * MIB, Long.MAX_VALUE};
        long declared = lengths[r.nextInt(lengths.length)];
        byte[] part = Arrays.copyOf(prefix, prefix.length + r.nextInt(64 * 1024));
        Arrays.fill(part, prefix.length, part.length, (byte) 'a');
        return new Case("oversized-content-length", method, target, part, "application/json", declared, false, true);
    }

    private static String uuidV7(Random r) {
        long ms = 1_700_000_000_000L + (long) (r.nextDouble() * 100_000_000_000L);
        long high = (ms << 16) | 0x7000 | r.nextInt(0x1000);
        long low = 0x8000_0000_0000_0000L | (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(high, low).toString();
    }

    private static String invalidId(Random r) {
        String[] fixed = {"not-a-uuid", "*", "workflow:job:*", "1' OR '1'='1", "$(reboot)", "null", "undefined",
                "00000000-0000-0000-0000-000000000000", "019AD0C1-0000-7000-8000-000000000000",
                "019ad0c1-0000-7000-8000-00000000000", "019ad0c1-0000-7000-8000-0000000000000",
                "{019ad0c1-0000-7000-8000-000000000000}", "019ad0c1000070008000000000000000", "-1", "running ",
                "\u0000", "\r\nX-Injected: 1", "%s%s%s%n", "<script>alert(1)</script>", "日本語", "😀"};
        String id;
        if (r.nextInt(3) == 0) {
            id = fixed[r.nextInt(fixed.length)];
        } else if (r.nextInt(10) == 0) {
            id = "a".repeat(1000 + r.nextInt(9000));
        } else {
            StringBuilder s = new StringBuilder();
            int n = 1 + r.nextInt(60);
            for (int k = 0; k < n; k++) {
                s.append((char) (r.nextBoolean() ? 0x20 + r.nextInt(0x5F) : 0x20 + r.nextInt(0x3000)));
            }
            id = s.toString();
        }
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static Case traversal(Random r, List<String> seeded) {
        String[] prefixes = {"/api/v2/jobs/", "/api/v2/jobs/" + seeded.get(0) + "/", "/api/v2/jobs/"
                + seeded.get(0) + "/results/", "/api/v2/workflows/", "/api/v2/", "/api/v2/jobs/running/"};
        String[] ups = {"../", "..%2f", "..%2F", "%2e%2e/", "%2e%2e%2f", "%2E%2E%2F", "..%5c", "..\\", "%252e%252e%252f",
                "....//", "..;/", "%c0%ae%c0%ae/", ".%2e/", "%2e./", "./", "//", "%00/"};
        String[] ends = {"etc/passwd", "etc%2fpasswd", "proc/self/environ", "", "results", "..", "%2e%2e",
                "workflow:job:*", "C:%5cWindows%5cwin.ini"};
        StringBuilder target = new StringBuilder(prefixes[r.nextInt(prefixes.length)]);
        int n = 1 + r.nextInt(6);
        for (int k = 0; k < n; k++) {
            target.append(ups[r.nextInt(ups.length)]);
        }
        target.append(ends[r.nextInt(ends.length)]);
        String method = r.nextInt(4) == 0 ? "POST" : "GET";
        // a dot-segment chain that resolves (RFC 3986, %2e being '.') onto a real endpoint may be served
        boolean hostile = !servedAfterResolving(method, target.toString(), seeded);
        return new Case("path-traversal", method, target.toString(), method.equals("POST") ? new byte[0] : null, null,
                method.equals("POST") ? 0 : -1, false, hostile);
    }

    private static boolean servedAfterResolving(String method, String target, List<String> seeded) {
        // as the server normalises: %2e is '.', %2f is '/', and a ";params" suffix does not change a segment
        String path = target.replaceAll("(?i)%2e", ".").replaceAll("(?i)%2f", "/");
        java.util.Deque<String> segments = new java.util.ArrayDeque<>();
        for (String raw : path.split("/", -1)) {
            String segment = raw.contains(";") ? raw.substring(0, raw.indexOf(';')) : raw;
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.equals(".") && !segment.isEmpty()) {
                segments.addLast(segment);
            }
        }
        String resolved = "/" + String.join("/", segments);
        if (method.equals("POST")) {
            return resolved.equals(EXECUTE) || resolved.matches("/api/v2/jobs/[^/]+/cancel");
        }
        List<String> served = new ArrayList<>(List.of("/api/v2/jobs", "/api/v2/jobs/dead", "/api/v2/jobs/running",
                "/api/v2/workflows", "/api/v2/platforms",
                "/api/v2/workers", "/", "/observe/health", "/observe/metrics"));
        for (String id : seeded) {
            served.add("/api/v2/jobs/" + id);
            served.add("/api/v2/jobs/" + id + "/results");
        }
        return served.contains(resolved);
    }

    private static Case unknownMethod(Random r, List<String> seeded) {
        String[] methods = {"PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "PROPFIND", "get", "G E T"};
        String id = r.nextBoolean() ? seeded.get(r.nextInt(seeded.size())) : uuidV7(r);
        String[] paths = {EXECUTE, "/api/v2/jobs/running", "/api/v2/jobs/" + id, "/api/v2/jobs/" + id + "/results",
                "/api/v2/jobs/" + id + "/cancel", "/api/v2/workflows", "/api/v2/platforms", "/api/v2/workers"};
        String path = paths[r.nextInt(paths.length)];
        String method = methods[r.nextInt(methods.length)];
        if (r.nextInt(5) == 0) {
            // a known method on the wrong path: GET where only POST is served and the other way round
            method = path.equals(EXECUTE) || path.endsWith("/cancel") ? "GET" : "POST";
        }
        byte[] body = r.nextBoolean() ? validBody().toString().getBytes(StandardCharsets.UTF_8) : new byte[0];
        // Helidon reads a lower-case "get" as GET and serves it: lenient, not hostile (never on a POST route)
        boolean hostile = !(method.equals("get") && !path.equals(EXECUTE) && !path.endsWith("/cancel"));
        return new Case("unknown-method", method, path, body, "application/json", body.length, false, hostile);
    }

    private static Case query(Random r, List<String> seeded) {
        String[] keys = {"limit", "cursor", "format", "status", "platform", "x", "", "%zz", "a[b]", "__proto__",
                "limit%00", "id"};
        String[] values = {"-1", "0", "1e9", "abc", "%zz", "%00", "..%2f..%2fetc", "999999999999999999999", "",
                "q".repeat(3000), "csv", "jsonl", "xml", "%", "%%", "1;DROP", "true", "%ff%fe"};
        StringBuilder q = new StringBuilder("?");
        int n = 1 + r.nextInt(5);
        for (int k = 0; k < n; k++) {
            q.append(k == 0 ? "" : r.nextInt(5) == 0 ? "&&" : "&").append(keys[r.nextInt(keys.length)]);
            if (r.nextInt(6) != 0) {
                q.append('=').append(values[r.nextInt(values.length)]);
            }
        }
        switch (r.nextInt(3)) {
            case 0 -> {
                // on an unknown job's results: hostile, must be a 4xx
                return new Case("query-unknown-job", "GET", "/api/v2/jobs/" + uuidV7(r) + "/results" + q, null, null,
                        -1, false, true);
            }
            case 1 -> {
                // on a real job's results: an answer or a 4xx, never a 5xx
                return new Case("query-known-job", "GET", "/api/v2/jobs/" + seeded.get(0) + "/results" + q, null,
                        null, -1, false, false);
            }
            default -> {
                String[] lists = {"/api/v2/jobs/running", "/api/v2/workflows", "/api/v2/platforms", "/api/v2/workers",
                        "/api/v2/jobs/" + seeded.get(1)};
                return new Case("query-list", "GET", lists[r.nextInt(lists.length)] + q, null, null, -1, false, false);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
