package io.productscanner.runtime.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.results.ResultsDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code GET /api/v2/jobs/{id}/evidence/{file}}: what a site sent for a product whose scan failed to parse, as the
 * job's results link it. A page is someone else's markup: it is served as plain text (an image as itself), never
 * rendered in the API's origin.
 */
final class EvidenceService implements HttpService {
    private final ResultsDirectory results;

    EvidenceService(ResultsDirectory results) {
        this.results = results;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/evidence/{file}", this::file);
    }

    private void file(ServerRequest req, ServerResponse res) throws IOException {
        String id = JobRequests.jobId(req);
        String name = req.path().pathParameters().get("file");
        Path file = results.findEvidence(id, name)
                .orElseThrow(() -> ApiException.notFound(
                        "evidence_not_found",
                        "job " + id + " has no evidence file '" + name + "' (the links are in its "
                                + "results, under evidence)",
                        "file"));
        boolean image = name.endsWith(".png");
        res.header(HeaderNames.CONTENT_TYPE, image ? "image/png" : "text/plain; charset=utf-8");
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.create("Content-Security-Policy"), "default-src 'none'; sandbox");
        res.header(HeaderNames.CONTENT_DISPOSITION, (image ? "inline" : "attachment") + "; filename=" + name);
        res.header(HeaderNames.CONTENT_LENGTH, Long.toString(Files.size(file)));
        try (OutputStream out = res.outputStream()) {
            Files.copy(file, out);
        }
    }
}
