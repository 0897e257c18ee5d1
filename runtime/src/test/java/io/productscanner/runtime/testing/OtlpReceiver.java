package io.productscanner.runtime.testing;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver on a free loopback port, as a collector is to the exporter: it takes
 * {@code POST /v1/traces} with a protobuf {@code ExportTraceServiceRequest} (gzip or not), keeps every span with
 * its resource, and answers 200. For tests that follow a job's trace through real processes
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT=} {@link #endpoint()}).
 */
public final class OtlpReceiver implements AutoCloseable {
    /** One span as received, its ids in lower-case hex (the parent's empty for a root span). */
    public record ReceivedSpan(
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            String kind,
            long startNanos,
            long endNanos,
            String statusCode,
            String statusMessage,
            Map<String, String> attributes,
            Map<String, String> resource) {
        public String attribute(String key) {
            return attributes.get(key);
        }

        public boolean isRoot() {
            return parentSpanId.isEmpty();
        }

        public long durationMillis() {
            return (endNanos - startNanos) / 1_000_000;
        }
    }

    private final ServerSocket server;
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<ReceivedSpan> spans = new ArrayList<>();
    private final List<String> requestHeaders = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    private OtlpReceiver(ServerSocket server) {
        this.server = server;
    }

    public static OtlpReceiver start() throws IOException {
        OtlpReceiver receiver = new OtlpReceiver(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().name("otlp-receiver").start(receiver::accept);
        return receiver;
    }

    /** The base URL for {@code OTEL_EXPORTER_OTLP_ENDPOINT} ({@code /v1/traces} is added by the exporter). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** How many export requests arrived (on any path). */
    public int requests() {
        return requests.get();
    }

    /** Every header of every request, as {@code name: value} lines. */
    public synchronized List<String> requestHeaders() {
        return List.copyOf(requestHeaders);
    }

    public synchronized List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    public List<ReceivedSpan> spans(Predicate<ReceivedSpan> which) {
        return spans().stream().filter(which).toList();
    }

    /**
     * Waits until a span {@code which} accepts has arrived, at most {@code patience}; returns the spans then held
     * (the caller asserts on them). A test's trace arrives in batches as the exporter sends them.
     */
    public List<ReceivedSpan> awaitSpan(Predicate<ReceivedSpan> which, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (this) {
            while (spans.stream().noneMatch(which)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(spans);
        }
    }

    /**
     * The spans of one trace as an indented text waterfall: each span under its parent, in start order, with its
     * offset from the trace's start, its duration, its kind and the attributes named in {@code shown}.
     */
    public String waterfall(String traceId, List<String> shown) {
        List<ReceivedSpan> trace = spans(span -> span.traceId().equals(traceId));
        long start = trace.stream().mapToLong(ReceivedSpan::startNanos).min().orElse(0);
        Map<String, List<ReceivedSpan>> children = new LinkedHashMap<>();
        List<ReceivedSpan> roots = new ArrayList<>();
        var ids = trace.stream().map(ReceivedSpan::spanId).toList();
        for (ReceivedSpan span : trace.stream()
                .sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
                .toList()) {
            if (span.isRoot() || !ids.contains(span.parentSpanId())) {
                roots.add(span);
            } else {
                children.computeIfAbsent(span.parentSpanId(), id -> new ArrayList<>())
                        .add(span);
            }
        }
        StringBuilder text = new StringBuilder();
        for (ReceivedSpan root : roots) {
            append(text, root, 0, start, children, shown);
        }
        return text.toString();
    }

    private static void append(
            StringBuilder text,
            ReceivedSpan span,
            int depth,
            long start,
            Map<String, List<ReceivedSpan>> children,
            List<String> shown) {
        text.append(String.format(
                "%7.1f ms %7.1f ms  %s%s [%s]",
                (span.startNanos() - start) / 1e6,
                (span.endNanos() - span.startNanos()) / 1e6,
                "  ".repeat(depth),
                span.name(),
                span.kind()));
        if (span.statusCode().equals("STATUS_CODE_ERROR")) {
            text.append(" ERROR");
        }
        for (String key : shown) {
            if (span.attributes().containsKey(key)) {
                text.append(' ')
                        .append(key)
                        .append('=')
                        .append(span.attributes().get(key));
            }
        }
        text.append('\n');
        for (ReceivedSpan child : children.getOrDefault(span.spanId(), List.of())) {
            append(text, child, depth + 1, start, children, shown);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            Thread.ofVirtual().start(() -> serve(socket));
        }
    }

    /** One request per connection: the answer says {@code Connection: close}. */
    private void serve(Socket connection) {
        requests.incrementAndGet();
        try (Socket socket = connection) {
            socket.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String[] requestLine = line(in).split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(
                        header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))
                    ? chunked(in)
                    : in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
                try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    body = unzipped.readAllBytes();
                }
            }
            List<ReceivedSpan> received = new ArrayList<>();
            if (requestLine[1].equals("/v1/traces")) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
                for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
                    Map<String, String> resource =
                            attributes(resourceSpans.getResource().getAttributesList());
                    for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                        for (Span span : scopeSpans.getSpansList()) {
                            received.add(received(span, resource));
                        }
                    }
                }
            }
            synchronized (this) {
                headers.forEach((name, value) -> requestHeaders.add(name + ": " + value));
                spans.addAll(received);
                notifyAll();
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: " + answer.length
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(answer);
            out.flush();
        } catch (IOException | RuntimeException e) {
            failures.add(e);
        }
    }

    /** Fails when a request could not be read as an OTLP export. */
    public void assertNoFailures() {
        if (!failures.isEmpty()) {
            throw new AssertionError("the receiver could not read a request", failures.getFirst());
        }
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                size > 0;
                size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
            body.write(in.readNBytes(size));
            line(in);
        }
        line(in);
        return body.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of the request head");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static ReceivedSpan received(Span span, Map<String, String> resource) {
        HexFormat hex = HexFormat.of();
        return new ReceivedSpan(
                hex.formatHex(span.getTraceId().toByteArray()),
                hex.formatHex(span.getSpanId().toByteArray()),
                hex.formatHex(span.getParentSpanId().toByteArray()),
                span.getName(),
                span.getKind().name().replace("SPAN_KIND_", ""),
                span.getStartTimeUnixNano(),
                span.getEndTimeUnixNano(),
                span.getStatus().getCode().name(),
                span.getStatus().getMessage(),
                attributes(span.getAttributesList()),
                resource);
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue keyValue : keyValues) {
            attributes.put(keyValue.getKey(), text(keyValue.getValue()));
        }
        return attributes;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.toString().strip();
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
