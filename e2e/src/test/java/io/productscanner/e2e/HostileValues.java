package io.productscanner.e2e;

import static io.productscanner.e2e.HostileRequests.PRODUCT_URL;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/** The values of the hostile-input run: a valid job body, and bodies, ids and types broken in every way. */
final class HostileValues {
    private HostileValues() {}

    static ObjectNode validBody() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("workflow_id", "musinsa-validation-v2").put("priority", 1);
        ObjectNode params = body.putObject("params");
        ObjectNode product = params.putArray("products").addObject();
        product.put("url", PRODUCT_URL).put("product_set_id", "fz-1");
        product.putObject("expected")
                .put("product_name", "name")
                .put("original_price", 100)
                .put("discounted_price", 90)
                .put("sale_status", "on_sale");
        params.put("concurrency", 1);
        body.putObject("metadata").put("by", "fuzz");
        return body;
    }

    static String pickContentType(Random r) {
        String[] types = {
            "application/json",
            "application/json",
            "application/json",
            null,
            "text/plain",
            "application/json; charset=utf-16",
            "application/x-www-form-urlencoded",
            "multipart/form-data"
        };
        return types[r.nextInt(types.length)];
    }

    /** Bodies that are not one JSON object, each broken in a way that cannot come out valid. */
    static byte[] malformed(Random r) {
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
            case 4 ->
                ("{\"workflow_id\": \"musinsa-validation-v2\", \"priority\": NaN}").getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{/* c */ \"workflow_id\": \"musinsa-validation-v2\"}").getBytes(StandardCharsets.UTF_8);
            case 6 ->
                ("{\"workflow_id\": \"musinsa-validation-v2\", \"params\": {\"products\": [1,],},}")
                        .getBytes(StandardCharsets.UTF_8);
            case 7 -> ("{workflow_id: musinsa-validation-v2}").getBytes(StandardCharsets.UTF_8);
            case 8 -> {
                String[] scalars = {
                    "null",
                    "true",
                    "false",
                    "0",
                    "-1",
                    "1e999",
                    "\"musinsa-validation-v2\"",
                    "[]",
                    "[{}]",
                    "\"\"",
                    " ",
                    "\u0000",
                    "\uFEFF",
                    "[" + valid + "]"
                };
                yield scalars[r.nextInt(scalars.length)].getBytes(StandardCharsets.UTF_8);
            }
            case 9 -> ("{\"workflow_id\": \"musinsa-\\x41\"}").getBytes(StandardCharsets.UTF_8);
            case 10 -> {
                // a priority with more digits than the parser accepts
                yield ("{\"workflow_id\": \"musinsa-validation-v2\", \"priority\": "
                                + "9".repeat(1200 + r.nextInt(5000)) + "}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                // invalid UTF-8 inside a string
                byte[] head = "{\"workflow_id\": \"musinsa-validation-v2\", \"metadata\": {\"x\": \""
                        .getBytes(StandardCharsets.UTF_8);
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

    /** A valid body with one field given a value of the wrong type (or out of its range). */
    static String wrongType(Random r) {
        ObjectNode body = validBody();
        ObjectNode params = (ObjectNode) body.get("params");
        ObjectNode product = (ObjectNode) params.get("products").get(0);
        ObjectNode expected = (ObjectNode) product.get("expected");
        List<Consumer<Object>> fields = List.of(
                v -> set(body, "workflow_id", v),
                v -> set(body, "priority", v),
                v -> set(body, "params", v),
                v -> set(body, "metadata", v),
                v -> set(params, "products", v),
                v -> setIndex(params, v),
                v -> set(product, "url", v),
                v -> set(product, "product_set_id", v),
                v -> set(product, "expected", v),
                v -> set(expected, "original_price", v),
                v -> set(expected, "discounted_price", v),
                v -> set(expected, "sale_status", v),
                v -> set(expected, "product_name", v),
                v -> set(expected, "thumbnail", v),
                v -> set(params, "concurrency", v));
        Object[][] wrong = {
            {7, true, 1.5, List.of(), Map.of(), null, "", "nope-v9", "../musinsa-validation-v2", "\u0000"},
            {"high", true, 1.5, List.of(), Map.of(), 5000, -5000, 1e10, "1", Long.MAX_VALUE},
            {1, "x", List.of(1), true, 1.5},
            {1, "x", List.of(1), true, 1.5},
            {"x", 1, Map.of(), true, List.of()},
            {"x", 1, List.of(), true, null},
            {
                7,
                true,
                List.of(),
                Map.of(),
                null,
                "",
                "javascript:alert(1)",
                "file:///etc/passwd",
                "https://evil.example/products/1",
                "http://127.0.0.1:6379/",
                "/products/1"
            },
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

    static byte[] deep(Random r) {
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

    static byte[] huge(Random r, int i) {
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
            case 2 ->
                head + "\"params\": {\"products\": [{\"url\": \"" + PRODUCT_URL + "\"}]}, \"metadata\": {\"x\": \""
                        + "a".repeat(64 * 1024 + 1 + r.nextInt(400_000)) + "\"}}";
            case 3 -> head + "\"metadata\": {\"" + "k".repeat(50_001 + r.nextInt(100_000)) + "\": 1}}";
            default ->
                head + "\"params\": {\"products\": [{\"url\": \"" + PRODUCT_URL + "\"}], \"x\": ["
                        + "[0],".repeat(10_001 + r.nextInt(100_000)) + "0]}}";
        };
        return body.getBytes(StandardCharsets.UTF_8);
    }

    static String uuidV7(Random r) {
        long ms = 1_700_000_000_000L + (long) (r.nextDouble() * 100_000_000_000L);
        long high = (ms << 16) | 0x7000 | r.nextInt(0x1000);
        long low = 0x8000_0000_0000_0000L | (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(high, low).toString();
    }

    static String invalidId(Random r) {
        String[] fixed = {
            "not-a-uuid",
            "*",
            "workflow:job:*",
            "1' OR '1'='1",
            "$(reboot)",
            "null",
            "undefined",
            "00000000-0000-0000-0000-000000000000",
            "019AD0C1-0000-7000-8000-000000000000",
            "019ad0c1-0000-7000-8000-00000000000",
            "019ad0c1-0000-7000-8000-0000000000000",
            "{019ad0c1-0000-7000-8000-000000000000}",
            "019ad0c1000070008000000000000000",
            "-1",
            "running ",
            "\u0000",
            "\r\nX-Injected: 1",
            "%s%s%s%n",
            "<script>alert(1)</script>",
            "日本語",
            "😀"
        };
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
}
