package io.productscanner.runtime.product;

/**
 * One piece of a parse failure's evidence as the job's results link it.
 *
 * @param name      the plugin's name for it ({@code page.html}, {@code answer.json}, {@code screenshot.png})
 * @param mediaType as the site sent it
 * @param bytes     size kept
 * @param truncated whether text longer than {@code EVIDENCE_MAX_BYTES} was cut
 * @param source    the URL it came from, or null
 * @param url       where the API serves it: {@code /api/v2/jobs/{job_id}/evidence/{file}}
 */
public record EvidenceFile(String name, String mediaType, long bytes, boolean truncated, String source, String url) {}
