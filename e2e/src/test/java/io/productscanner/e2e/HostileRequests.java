package io.productscanner.e2e;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The requests of the hostile-input run: a fixed-seed generator of malformed, mistyped, huge, deep, mis-addressed
 * and header-forged requests at every route of the API. Each case says whether it is hostile (it must get a 4xx
 * with the error envelope) or merely odd (anything but a 5xx). None of them may change state.
 */
final class HostileRequests {
    static final String EXECUTE = "/api/v2/workflows/execute";
    static final String PRODUCT_URL = "https://www.musinsa.com/products/3674341";
    private static final int MIB = 1024 * 1024;
    /** Sends no Host header at all. */
    static final String NO_HOST = "";

    private HostileRequests() {}

    /**
     * One request; {@code hostile} ones must get a 4xx envelope, the others anything but a 5xx.
     *
     * @param host    the Host header; null for the API's own address, {@link #NO_HOST} for none
     * @param headers further header lines, sent as they are
     */
    record Case(
            String kind,
            String method,
            String target,
            byte[] body,
            String contentType,
            long declaredLength,
            boolean chunked,
            boolean hostile,
            String host,
            List<String> headers) {
        static Case of(
                String kind,
                String method,
                String target,
                byte[] body,
                String contentType,
                long declaredLength,
                boolean chunked,
                boolean hostile) {
            return new Case(kind, method, target, body, contentType, declaredLength, chunked, hostile, null, List.of());
        }

        Case withLength() {
            return new Case(
                    kind,
                    method,
                    target,
                    body,
                    contentType,
                    body == null ? -1 : body.length,
                    chunked,
                    hostile,
                    host,
                    headers);
        }

        String describe() {
            String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
            return kind + ": " + method + " " + (target.length() > 160 ? target.substring(0, 160) + "…" : target)
                    + (host == null ? "" : " Host=" + abbreviate(host, 60))
                    + (headers.isEmpty()
                            ? ""
                            : " " + headers.stream().map(h -> abbreviate(h, 60)).toList())
                    + (body == null
                            ? ""
                            : " body[" + body.length
                                    + (declaredLength != body.length ? ", Content-Length " + declaredLength : "")
                                    + (chunked ? ", chunked" : "") + "]=" + shown);
        }
    }

    static String abbreviate(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }

    /** Every case, in a fixed order for {@code seed}; {@code seeded} are jobs that exist and stay queued. */
    static List<Case> generate(long seed, List<String> seeded, int port) {
        Random r = new Random(seed);
        List<Case> cases = new ArrayList<>();
        jobRoutes(r, seeded, cases);
        for (int i = 0; i < 700; i++) {
            cases.add(catalogFile(r));
        }
        for (int i = 0; i < 1600; i++) {
            cases.add(schedule(r));
        }
        for (int i = 0; i < 900; i++) {
            cases.add(extract(r));
        }
        for (int i = 0; i < 700; i++) {
            cases.add(operations(r, seeded));
        }
        for (int i = 0; i < 400; i++) {
            cases.add(evidence(r, seeded));
        }
        for (int i = 0; i < 2000; i++) {
            cases.add(headerTrick(r, seeded, port));
        }
        for (int i = 0; i < 800; i++) {
            cases.add(post(
                    "execute-odd-values", EXECUTE, oddValues(r).getBytes(StandardCharsets.UTF_8), "application/json"));
        }
        return cases;
    }

    // ---- catalog files ------------------------------------------------------------------------------------

    private static final String[] CATALOG_PATHS = {
        "/etc/passwd",
        "/etc/passwd.csv",
        "/etc/hosts.jsonl",
        "/proc/self/environ.csv",
        "../../../../etc/passwd.csv",
        "../data/redis/appendonly.csv",
        "..\\..\\x.csv",
        "catalog.csv\u0000.png",
        "a\u0000.csv",
        "x.csv\nforged=line event=catalog.read",
        "x.csv\r\n",
        "~/x.csv",
        "file:///etc/passwd.csv",
        "http://127.0.0.1:6379/x.csv",
        "//127.0.0.1/share/x.csv",
        "%2e%2e/%2e%2e/x.csv",
        "/dev/zero.csv",
        "/dev/stdin.jsonl",
        "/proc/self/fd/0.csv",
        "",
        " ",
        ".csv",
        "/",
        ".",
        "..",
        "/tmp/../etc/shadow.csv",
        "C:\\Windows\\win.ini.csv",
        "\u202e vsc.exe",
        "😀.csv"
    };

    /** A validation job reading a catalog file from anywhere but the catalog directory. */
    private static Case catalogFile(Random r) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("workflow_id", "musinsa-validation-v2");
        ObjectNode params = body.putObject("params");
        String path = r.nextInt(8) == 0
                ? "/" + "a/".repeat(1 + r.nextInt(3000)) + "x.csv"
                : CATALOG_PATHS[r.nextInt(CATALOG_PATHS.length)];
        switch (r.nextInt(4)) {
            case 0 -> params.put("catalog_file", path).put("link_url_pattern", "%");
            case 1 -> params.put("catalog_file", path).put("source", "file");
            case 2 -> params.set("catalog_file", Api.JSON.valueToTree(List.of(path)));
            default -> params.put("catalog_file", path);
        }
        return post("catalog-file", EXECUTE, body.toString().getBytes(StandardCharsets.UTF_8), "application/json");
    }

    // ---- schedules ----------------------------------------------------------------------------------------

    private static ObjectNode validSchedule(String id) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", id).put("workflow_id", "musinsa-validation-v2").put("cron", "0 3 1 1 *");
        body.set("params", HostileValues.validBody().get("params"));
        return body;
    }

    private static Case schedule(Random r) {
        String id = "hz-" + r.nextInt(1_000_000);
        switch (r.nextInt(6)) {
            case 0, 1 -> {
                ObjectNode body = validSchedule(id);
                Object[][] wrong = {
                    {"id", "", "a/b", "../x", "\u0000", "x".repeat(500), 7, List.of(), "a b", "日本"},
                    {"workflow_id", "nope", 7, "", "../musinsa-validation-v2", List.of()},
                    {
                        "cron",
                        "* * *",
                        "61 * * * *",
                        "0 0 31 2 *",
                        5,
                        "",
                        "@every 1s",
                        "*/0 * * * *",
                        "0-59/1,0-59/1 * * * *".repeat(200)
                    },
                    {
                        "priority",
                        5000,
                        -5000,
                        1.5,
                        "1",
                        true,
                        new BigInteger("18446744073709551617"),
                        new BigInteger("-18446744073709551617")
                    },
                    {"time_zone", "Mars/Olympus", 7, "", "../../etc/localtime", "UTC\u0000"},
                    {"params", 7, "x", List.of(1), true},
                    {"catch_up", "always", 7, true},
                    {
                        "when_idle",
                        7,
                        "x",
                        List.of(),
                        Map.of("min_minutes_after_success", new BigInteger("99999999999999999999999"))
                    },
                    {"paused", "yes", 7, List.of()},
                    {"x_unknown", 1, "y", true},
                    {"metadata", "x", 7, List.of()},
                };
                Object[] field = wrong[r.nextInt(wrong.length)];
                body.set((String) field[0], Api.JSON.valueToTree(field[1 + r.nextInt(field.length - 1)]));
                if (r.nextInt(8) == 0) {
                    body.remove("cron");
                    ObjectNode idle = body.putObject("when_idle");
                    Object[] minutes = {
                        1e300,
                        -1,
                        1.5,
                        "10",
                        Long.MAX_VALUE,
                        Integer.MAX_VALUE + 1L,
                        new BigInteger("9".repeat(40)),
                        List.of()
                    };
                    idle.set("min_minutes_after_success", Api.JSON.valueToTree(minutes[r.nextInt(minutes.length)]));
                }
                boolean put = r.nextBoolean();
                return new Case(
                                "schedule-body",
                                put ? "PUT" : "POST",
                                "/api/v2/schedules" + (put ? "/" + id : ""),
                                body.toString().getBytes(StandardCharsets.UTF_8),
                                "application/json",
                                -1,
                                false,
                                true,
                                null,
                                List.of())
                        .withLength();
            }
            case 2 -> {
                return post("schedule-malformed", "/api/v2/schedules", HostileValues.malformed(r), "application/json");
            }
            case 3 -> {
                String[] actions = {"", "/pause", "/resume", "/run-now"};
                String action = actions[r.nextInt(actions.length)];
                String target = "/api/v2/schedules/" + (r.nextBoolean() ? id : HostileValues.invalidId(r)) + action;
                String method = action.isEmpty() ? new String[] {"GET", "DELETE", "PUT"}[r.nextInt(3)] : "POST";
                byte[] body = method.equals("PUT")
                        ? validSchedule(id).toString().getBytes(StandardCharsets.UTF_8)
                        : method.equals("POST") ? new byte[0] : null;
                // an unknown schedule: 404 whatever is asked, PUT included (it replaces, never creates)
                return Case.of(
                        "schedule-unknown",
                        method,
                        target,
                        body,
                        body == null ? null : "application/json",
                        body == null ? -1 : body.length,
                        false,
                        true);
            }
            case 4 -> {
                return Case.of(
                        "schedule-path", "GET", "/api/v2/schedules/" + traversalTail(r), null, null, -1, false, false);
            }
            default -> {
                String[] methods = {"PATCH", "OPTIONS", "TRACE", "CONNECT", "DELETE"};
                return Case.of(
                        "schedule-method",
                        methods[r.nextInt(methods.length)],
                        "/api/v2/schedules",
                        null,
                        null,
                        -1,
                        false,
                        true);
            }
        }
    }

    // ---- extract ------------------------------------------------------------------------------------------

    private static Case extract(Random r) {
        String[] routes = {
            "/api/v2/products/extract-by-url",
            "/api/v2/products/extract-by-product-set",
            "/api/v2/products/extract-by-id"
        };
        String route = routes[r.nextInt(routes.length)];
        String field = route.endsWith("url") ? "url" : route.endsWith("set") ? "product_set_id" : "product_id";
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        switch (r.nextInt(5)) {
            case 0 -> {
                return post("extract-malformed", route, HostileValues.malformed(r), HostileValues.pickContentType(r));
            }
            case 1 -> {
                Object[] values = {null, "", " ", 1.5, true, List.of(), Map.of(), "\u0000"};
                body.set(field, Api.JSON.valueToTree(values[r.nextInt(values.length)]));
            }
            case 2 -> {
                body.put(field, "1");
                Object[] timeouts = {-1, 300_001, 1e30, "10", true, new BigInteger("9".repeat(30)), 1.5};
                body.set("timeout_ms", Api.JSON.valueToTree(timeouts[r.nextInt(timeouts.length)]));
            }
            case 3 -> body.put(field, "1").put("x_" + r.nextInt(1000), 1);
            default -> {
                // a URL that names no supported platform's product: refused before anything is queued
                String[] urls = {
                    "http://127.0.0.1:6379/",
                    "http://169.254.169.254/latest/meta-data/",
                    "file:///etc/passwd",
                    "javascript:alert(1)",
                    "gopher://127.0.0.1:6379/_FLUSHALL",
                    "http://[::1]:3989/api/v2/jobs",
                    "https://evil.example/products/1",
                    "not a url",
                    "http://10.0.0.1/",
                    "https://www.musinsa.com.evil.example/products/1",
                    "//www.musinsa.com"
                };
                body.put("url", urls[r.nextInt(urls.length)]);
                return post(
                        "extract-foreign-url",
                        routes[0],
                        body.toString().getBytes(StandardCharsets.UTF_8),
                        "application/json");
            }
        }
        return post("extract-body", route, body.toString().getBytes(StandardCharsets.UTF_8), "application/json");
    }

    // ---- dead letters, force-release, worker restart ------------------------------------------------------

    private static Case operations(Random r, List<String> seeded) {
        switch (r.nextInt(5)) {
            case 0 -> {
                Object[] ids = {
                    List.of(),
                    "x",
                    7,
                    List.of(7),
                    List.of("not-a-uuid"),
                    Map.of(),
                    List.of(List.of()),
                    null,
                    List.of(seeded.get(0), 7)
                };
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                body.set(r.nextInt(6) == 0 ? "jobs" : "job_ids", Api.JSON.valueToTree(ids[r.nextInt(ids.length)]));
                return post(
                        "dead-requeue-body",
                        "/api/v2/jobs/dead",
                        body.toString().getBytes(StandardCharsets.UTF_8),
                        "application/json");
            }
            case 1 -> {
                // a queued (not dead) job, an unknown one or a malformed id: none can be requeued
                String id = r.nextBoolean()
                        ? seeded.get(r.nextInt(seeded.size()))
                        : r.nextBoolean() ? HostileValues.uuidV7(r) : HostileValues.invalidId(r);
                return post("dead-requeue-one", "/api/v2/jobs/dead/" + id + "/requeue", new byte[0], null);
            }
            case 2 -> {
                return post(
                        "force-release",
                        "/api/v2/jobs/platform/" + badPlatform(r) + "/force-release",
                        new byte[0],
                        null);
            }
            case 3 -> {
                return post("worker-restart", "/api/v2/workers/" + badPlatform(r) + "/restart", new byte[0], null);
            }
            default -> {
                String[] methods = {"PUT", "DELETE", "PATCH"};
                String[] paths = {
                    "/api/v2/jobs/dead",
                    "/api/v2/workers/musinsa/restart",
                    "/api/v2/jobs/platform/musinsa/force-release",
                    "/api/v2/products/extract-by-url"
                };
                return Case.of(
                        "operations-method",
                        methods[r.nextInt(methods.length)],
                        paths[r.nextInt(paths.length)],
                        null,
                        null,
                        -1,
                        false,
                        true);
            }
        }
    }

    private static String badPlatform(Random r) {
        String[] names = {
            "nope",
            "MUSINSA",
            "musinsa ",
            "..",
            "%2e%2e",
            "*",
            "musinsa%00",
            "a".repeat(300),
            "%ff",
            "<script>",
            "musinsa%2f..%2fextract"
        };
        return names[r.nextInt(names.length)];
    }

    // ---- evidence -----------------------------------------------------------------------------------------

    private static Case evidence(Random r, List<String> seeded) {
        String[] files = {
            "page.html",
            "screenshot.png",
            "../../../etc/passwd",
            "..%2f..%2fetc%2fpasswd",
            "%2e%2e%2f%2e%2e%2fredis%2fappendonly.aof",
            "x/../../y",
            "answer.json%00.png",
            "..",
            ".",
            "%00",
            "a".repeat(2000),
            "answer.json",
            "C:%5cx"
        };
        String id = r.nextBoolean()
                ? seeded.get(0)
                : r.nextBoolean() ? HostileValues.uuidV7(r) : HostileValues.invalidId(r);
        String product = r.nextBoolean()
                ? ""
                : "?product="
                        + URLEncoder.encode(
                                new String[] {"../../x", "1", "", "%00", "a".repeat(500)}[r.nextInt(5)],
                                StandardCharsets.UTF_8);
        return Case.of(
                "evidence-path",
                "GET",
                "/api/v2/jobs/" + id + "/evidence/" + files[r.nextInt(files.length)] + product,
                null,
                null,
                -1,
                false,
                true);
    }

    // ---- headers ------------------------------------------------------------------------------------------

    private static Case headerTrick(Random r, List<String> seeded, int port) {
        String cancel = "/api/v2/jobs/" + seeded.get(r.nextInt(seeded.size())) + "/cancel";
        byte[] valid = HostileValues.validBody().toString().getBytes(StandardCharsets.UTF_8);
        String[] reads = {
            "/api/v2/jobs/running",
            "/api/v2/jobs",
            "/api/v2/workflows",
            "/api/v2/schedules",
            "/api/v2/jobs/" + seeded.get(0)
        };
        String read = reads[r.nextInt(reads.length)];
        switch (r.nextInt(14)) {
            case 0 -> {
                // DNS rebinding: a name that resolves here, but is not this API's
                // (an IP address is no rebinding: a page can only send it by connecting to that address)
                String[] hosts = {
                    "evil.example:" + port,
                    "evil.example",
                    "127.0.0.1.nip.io:" + port,
                    "localhost.evil.example:" + port,
                    "localhost:" + port + ".evil.example",
                    "127.0.0.1:" + port + "@evil.example",
                    "evil.example:" + port + ", 127.0.0.1:" + port
                };
                String host = hosts[r.nextInt(hosts.length)];
                return r.nextBoolean()
                        ? new Case(
                                "host-forged-write",
                                "POST",
                                EXECUTE,
                                valid,
                                "application/json",
                                valid.length,
                                false,
                                true,
                                host,
                                List.of())
                        : new Case("host-forged-read", "GET", read, null, null, -1, false, true, host, List.of());
            }
            case 1 -> {
                return new Case("host-missing", "POST", cancel, new byte[0], null, 0, false, true, NO_HOST, List.of());
            }
            case 2 -> {
                String[] origins = {
                    "https://evil.example",
                    "null",
                    "http://127.0.0.1:" + (port + 1),
                    "http://localhost.evil.example:" + port,
                    "file://"
                };
                String origin = "Origin: " + origins[r.nextInt(origins.length)];
                return r.nextBoolean()
                        ? new Case(
                                "origin-cross-write",
                                "POST",
                                EXECUTE,
                                valid,
                                "application/json",
                                valid.length,
                                false,
                                true,
                                null,
                                List.of(origin))
                        : new Case(
                                "origin-cross-cancel",
                                "POST",
                                cancel,
                                new byte[0],
                                null,
                                0,
                                false,
                                true,
                                null,
                                List.of(origin));
            }
            case 3 -> {
                return new Case(
                        "fetch-cross-site",
                        "POST",
                        r.nextBoolean() ? cancel : EXECUTE,
                        valid,
                        "application/json",
                        valid.length,
                        false,
                        true,
                        null,
                        List.of("Sec-Fetch-Site: cross-site"));
            }
            case 4 -> {
                // what an HTML form or a no-cors fetch can send without a preflight
                String[] types = {
                    "text/plain",
                    "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x",
                    "text/plain; charset=utf-8",
                    "application/jsonx",
                    "application/json-seq",
                    "*/*",
                    ""
                };
                return post("write-not-json", EXECUTE, valid, types[r.nextInt(types.length)]);
            }
            case 5 -> {
                return new Case(
                        "smuggling-cl-te",
                        "POST",
                        EXECUTE,
                        valid,
                        "application/json",
                        valid.length,
                        false,
                        true,
                        null,
                        List.of("Transfer-Encoding: chunked"));
            }
            case 6 -> {
                return new Case(
                        "smuggling-two-lengths",
                        "POST",
                        EXECUTE,
                        valid,
                        "application/json",
                        valid.length,
                        false,
                        true,
                        null,
                        List.of("Content-Length: " + (valid.length + 5)));
            }
            case 7 -> {
                String[] broken = {
                    "NoColonHere",
                    "Bad Name: x",
                    "X-A: a\u0000b",
                    " X-Folded: continued",
                    "X-Ctl: \u0007\u001b[31m",
                    "X-Long-Name" + "a".repeat(70_000) + ": 1"
                };
                return new Case(
                        "header-broken",
                        r.nextBoolean() ? "GET" : "POST",
                        r.nextBoolean() ? read : cancel,
                        null,
                        null,
                        -1,
                        false,
                        true,
                        null,
                        List.of(broken[r.nextInt(broken.length)]));
            }
            case 8 -> {
                return new Case(
                        "header-huge",
                        "GET",
                        read,
                        null,
                        null,
                        -1,
                        false,
                        true,
                        null,
                        List.of("X-Big: " + "b".repeat(65_536 + r.nextInt(100_000))));
            }
            case 9 -> {
                List<String> many = new ArrayList<>();
                int n = 100 + r.nextInt(400);
                for (int k = 0; k < n; k++) {
                    many.add("X-H" + k + ": " + k);
                }
                return new Case("header-many", "GET", read, null, null, -1, false, false, null, many);
            }
            case 10 -> {
                String[] auth = {
                    "Authorization: Bearer " + "t".repeat(10_000),
                    "Authorization: Basic Og==",
                    "Authorization: Bearer",
                    "Authorization: Bearer \u0000",
                    "Authorization: bearer x x x"
                };
                return new Case(
                        "auth-junk",
                        "GET",
                        read,
                        null,
                        null,
                        -1,
                        false,
                        false,
                        null,
                        List.of(auth[r.nextInt(auth.length)]));
            }
            case 11 -> {
                String[] overrides = {
                    "X-HTTP-Method-Override: DELETE",
                    "X-Forwarded-For: 10.0.0.1",
                    "X-Forwarded-Host: evil.example",
                    "Forwarded: for=1.2.3.4;host=evil.example",
                    "X-Real-IP: 127.0.0.1",
                    "Expect: 100-continue",
                    "Connection: Upgrade, close",
                    "Upgrade: h2c",
                    "Range: bytes=0-0,1-1,2-2",
                    "Accept-Encoding: " + "gzip, ".repeat(500)
                };
                return new Case(
                        "header-odd",
                        "GET",
                        read,
                        null,
                        null,
                        -1,
                        false,
                        false,
                        null,
                        List.of(overrides[r.nextInt(overrides.length)]));
            }
            case 12 -> {
                // absolute-form targets naming another authority
                String target = (r.nextBoolean() ? "http://evil.example" : "http://127.0.0.1:" + port) + read;
                return Case.of("target-absolute", "GET", target, null, null, -1, false, false);
            }
            default -> {
                String[] targets = {
                    "*",
                    "api/v2/jobs",
                    "/api/v2/jobs#frag",
                    "/api/v2/jobs?%",
                    "/api/v2//jobs",
                    "/%61pi/v2/jobs",
                    "/API/V2/JOBS",
                    "/api/v2/jobs/running/",
                    "/api/v2/jobs/running;x=1",
                    "/api/v2/jobs\t",
                    "/api/v2/\u00e9"
                };
                return Case.of("target-odd", "GET", targets[r.nextInt(targets.length)], null, null, -1, false, false);
            }
        }
    }

    /** Values of legitimate fields that sit at the edges of their types. */
    private static String oddValues(Random r) {
        ObjectNode body = HostileValues.validBody();
        Object[] priorities = {
            new BigInteger("18446744073709551617"),
            new BigInteger("-1" + "0".repeat(25)),
            1e308,
            -0.0,
            1.0000000000000002,
            2147483648L,
            -2147483649L
        };
        switch (r.nextInt(4)) {
            case 0 -> body.set("priority", Api.JSON.valueToTree(priorities[r.nextInt(priorities.length)]));
            case 1 ->
                ((ObjectNode) body.get("params"))
                        .set("concurrency", Api.JSON.valueToTree(priorities[r.nextInt(priorities.length)]));
            case 2 -> {
                Object[] keys = {"", 7, "k".repeat(1000), List.of(), "\u0000", "x\r\ny"};
                body.set("idempotency_key", Api.JSON.valueToTree(keys[r.nextInt(keys.length)]));
            }
            default ->
                ((ObjectNode) body.get("params"))
                        .set("limit", Api.JSON.valueToTree(priorities[r.nextInt(priorities.length)]));
        }
        return body.toString();
    }

    private static String traversalTail(Random r) {
        String[] tails = {"..%2f..%2fetc%2fpasswd", "%2e%2e", "..;/x", "%00", "a%2fb", "%ff%fe", "*", "a".repeat(3000)};
        return tails[r.nextInt(tails.length)];
    }

    // ---- the job routes (malformed bodies, ids, paths, methods, queries) ------------------------------------

    private static void jobRoutes(Random r, List<String> seeded, List<Case> cases) {
        for (int i = 0; i < 500; i++) {
            cases.add(post("malformed-json", EXECUTE, HostileValues.malformed(r), HostileValues.pickContentType(r)));
        }
        for (int i = 0; i < 600; i++) {
            cases.add(post(
                    "wrong-type",
                    EXECUTE,
                    HostileValues.wrongType(r).getBytes(StandardCharsets.UTF_8),
                    "application/json"));
        }
        for (int i = 0; i < 60; i++) {
            cases.add(post("deep-nesting", EXECUTE, HostileValues.deep(r), "application/json"));
        }
        for (int i = 0; i < 40; i++) {
            cases.add(post("huge-array", EXECUTE, HostileValues.huge(r, i), "application/json"));
        }
        for (int i = 0; i < 30; i++) {
            cases.add(oversized(r, i));
        }
        String[] jobPaths = {"", "/results", "/cancel"};
        for (int i = 0; i < 450; i++) {
            String suffix = jobPaths[r.nextInt(jobPaths.length)];
            String target = "/api/v2/jobs/" + HostileValues.uuidV7(r) + suffix;
            cases.add(
                    suffix.equals("/cancel")
                            ? post("unknown-id", target, new byte[0], null)
                            : Case.of("unknown-id", "GET", target, null, null, -1, false, true));
        }
        for (int i = 0; i < 450; i++) {
            String suffix = jobPaths[r.nextInt(jobPaths.length)];
            String target = "/api/v2/jobs/" + HostileValues.invalidId(r) + suffix;
            cases.add(
                    suffix.equals("/cancel")
                            ? post("invalid-id", target, new byte[0], null)
                            : Case.of("invalid-id", "GET", target, null, null, -1, false, true));
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
    }

    private static Case post(String kind, String target, byte[] body, String contentType) {
        return new Case(kind, "POST", target, body, contentType, body.length, false, true, null, List.of());
    }

    /** Bodies over 1 MiB: announced by Content-Length (only part of it sent) or streamed chunked. */
    private static Case oversized(Random r, int i) {
        String[] targets = {
            EXECUTE,
            EXECUTE,
            "/api/v2/jobs/" + HostileValues.uuidV7(r) + "/cancel",
            "/api/v2/jobs/running",
            "/api/v2/nowhere"
        };
        String target = targets[r.nextInt(targets.length)];
        String method = target.endsWith("running") ? "GET" : "POST";
        byte[] prefix = ("{\"workflow_id\": \"musinsa-validation-v2\", \"metadata\": {\"x\": \"")
                .getBytes(StandardCharsets.UTF_8);
        if (i % 3 == 2) {
            byte[] body = Arrays.copyOf(prefix, MIB + 1 + r.nextInt(MIB));
            Arrays.fill(body, prefix.length, body.length, (byte) 'a');
            return Case.of("oversized-chunked", method, target, body, "application/json", -1, true, true);
        }
        long[] lengths = {MIB + 1L, 2L * MIB, 100L * MIB, 4L * 1024 * MIB, Long.MAX_VALUE};
        long declared = lengths[r.nextInt(lengths.length)];
        byte[] part = Arrays.copyOf(prefix, prefix.length + r.nextInt(64 * 1024));
        Arrays.fill(part, prefix.length, part.length, (byte) 'a');
        return Case.of("oversized-content-length", method, target, part, "application/json", declared, false, true);
    }

    private static Case traversal(Random r, List<String> seeded) {
        String[] prefixes = {
            "/api/v2/jobs/",
            "/api/v2/jobs/" + seeded.get(0) + "/",
            "/api/v2/jobs/" + seeded.get(0) + "/results/",
            "/api/v2/workflows/",
            "/api/v2/",
            "/api/v2/jobs/running/"
        };
        String[] ups = {
            "../",
            "..%2f",
            "..%2F",
            "%2e%2e/",
            "%2e%2e%2f",
            "%2E%2E%2F",
            "..%5c",
            "..\\",
            "%252e%252e%252f",
            "....//",
            "..;/",
            "%c0%ae%c0%ae/",
            ".%2e/",
            "%2e./",
            "./",
            "//",
            "%00/"
        };
        String[] ends = {
            "etc/passwd",
            "etc%2fpasswd",
            "proc/self/environ",
            "",
            "results",
            "..",
            "%2e%2e",
            "workflow:job:*",
            "C:%5cWindows%5cwin.ini"
        };
        StringBuilder target = new StringBuilder(prefixes[r.nextInt(prefixes.length)]);
        int n = 1 + r.nextInt(6);
        for (int k = 0; k < n; k++) {
            target.append(ups[r.nextInt(ups.length)]);
        }
        target.append(ends[r.nextInt(ends.length)]);
        String method = r.nextInt(4) == 0 ? "POST" : "GET";
        // a dot-segment chain that resolves (RFC 3986, %2e being '.') onto a real endpoint may be served; a read
        // that lands anywhere is merely odd, a write must land on its own route or be refused
        boolean hostile = method.equals("POST") && !servedAfterResolving(method, target.toString(), seeded);
        return Case.of(
                "path-traversal",
                method,
                target.toString(),
                method.equals("POST") ? new byte[0] : null,
                null,
                method.equals("POST") ? 0 : -1,
                false,
                hostile);
    }

    private static boolean servedAfterResolving(String method, String target, List<String> seeded) {
        // as the server normalises: %2e is '.', %2f is '/', and a ";params" suffix does not change a segment
        String path = target.replaceAll("(?i)%2e", ".").replaceAll("(?i)%2f", "/");
        Deque<String> segments = new ArrayDeque<>();
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
        List<String> served = new ArrayList<>(List.of(
                "/api/v2/jobs",
                "/api/v2/jobs/dead",
                "/api/v2/jobs/running",
                "/api/v2/workflows",
                "/api/v2/platforms",
                "/api/v2/workers",
                "/",
                "/observe/health",
                "/observe/metrics"));
        for (String id : seeded) {
            served.add("/api/v2/jobs/" + id);
            served.add("/api/v2/jobs/" + id + "/results");
        }
        return served.contains(resolved);
    }

    private static Case unknownMethod(Random r, List<String> seeded) {
        String[] methods = {"PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "PROPFIND", "get", "G E T"};
        String id = r.nextBoolean() ? seeded.get(r.nextInt(seeded.size())) : HostileValues.uuidV7(r);
        String[] paths = {
            EXECUTE,
            "/api/v2/jobs/running",
            "/api/v2/jobs/" + id,
            "/api/v2/jobs/" + id + "/results",
            "/api/v2/jobs/" + id + "/cancel",
            "/api/v2/workflows",
            "/api/v2/platforms",
            "/api/v2/workers"
        };
        String path = paths[r.nextInt(paths.length)];
        String method = methods[r.nextInt(methods.length)];
        if (r.nextInt(5) == 0) {
            // a known method on the wrong path: GET where only POST is served and the other way round
            method = path.equals(EXECUTE) || path.endsWith("/cancel") ? "GET" : "POST";
        }
        byte[] body =
                r.nextBoolean() ? HostileValues.validBody().toString().getBytes(StandardCharsets.UTF_8) : new byte[0];
        // Helidon reads a lower-case "get" as GET and serves it: lenient, not hostile (never on a POST route)
        boolean hostile = !(method.equals("get") && !path.equals(EXECUTE) && !path.endsWith("/cancel"));
        return Case.of("unknown-method", method, path, body, "application/json", body.length, false, hostile);
    }

    private static Case query(Random r, List<String> seeded) {
        String[] keys = {
            "limit", "cursor", "format", "status", "platform", "x", "", "%zz", "a[b]", "__proto__", "limit%00", "id"
        };
        String[] values = {
            "-1",
            "0",
            "1e9",
            "abc",
            "%zz",
            "%00",
            "..%2f..%2fetc",
            "999999999999999999999",
            "",
            "q".repeat(3000),
            "csv",
            "jsonl",
            "xml",
            "%",
            "%%",
            "1;DROP",
            "true",
            "%ff%fe"
        };
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
                return Case.of(
                        "query-unknown-job",
                        "GET",
                        "/api/v2/jobs/" + HostileValues.uuidV7(r) + "/results" + q,
                        null,
                        null,
                        -1,
                        false,
                        true);
            }
            case 1 -> {
                // on a real job's results: an answer or a 4xx, never a 5xx
                return Case.of(
                        "query-known-job",
                        "GET",
                        "/api/v2/jobs/" + seeded.get(0) + "/results" + q,
                        null,
                        null,
                        -1,
                        false,
                        false);
            }
            default -> {
                String[] lists = {
                    "/api/v2/jobs/running",
                    "/api/v2/workflows",
                    "/api/v2/platforms",
                    "/api/v2/workers",
                    "/api/v2/jobs/" + seeded.get(1)
                };
                return Case.of("query-list", "GET", lists[r.nextInt(lists.length)] + q, null, null, -1, false, false);
            }
        }
    }
}
