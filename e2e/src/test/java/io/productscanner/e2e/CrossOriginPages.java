package io.productscanner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a hostile page can make an operator's browser send to the API without any help from the API: forms that
 * submit themselves, {@code fetch} in its three modes, beacons and hyperlink pings. Each runs in the real browser and
 * returns what the page (and, where Playwright sees it, the network) saw.
 */
final class CrossOriginPages {
    static final String FORM_URLENCODED = "application/x-www-form-urlencoded";
    static final String TEXT_PLAIN = "text/plain";

    private CrossOriginPages() {}

    /** What came back to the browser for one attempt: the API's status and error code, or nothing it could see. */
    record Seen(int status, String code) {
        static final Seen NOTHING = new Seen(0, null);
    }

    /**
     * A page that posts a form to {@code action} as soon as it loads, top-level, as a link in a mail would: no field
     * (the empty body of a cancel, a pause, a force-release) or {@code fields}. With {@link #TEXT_PLAIN} a single
     * field named {@code {"a":"...,"pad":"} and valued {@code "}} sends a JSON document: the classic trick.
     */
    static String selfSubmittingForm(String action, String enctype, Map<String, String> fields) {
        String inputs = fields.entrySet().stream()
                .map(f -> "<input type='hidden' name='" + attribute(f.getKey()) + "' value='" + attribute(f.getValue())
                        + "'>")
                .collect(Collectors.joining());
        return "<!doctype html><meta charset='utf-8'><title>win a prize</title><form method='post' action='"
                + attribute(action) + "' enctype='" + enctype + "'>" + inputs
                + "</form><script>document.forms[0].submit()</script>";
    }

    /** The same form in a sandboxed frame: the browser sends {@code Origin: null}. */
    static String sandboxedForm(String action) {
        return "<!doctype html><meta charset='utf-8'><iframe sandbox='allow-forms allow-scripts' srcdoc='"
                + attribute(selfSubmittingForm(action, FORM_URLENCODED, Map.of())) + "'></iframe>";
    }

    /** The JSON body {@code json} as a text/plain form sends it: {@code json} must end in a string field. */
    static Map<String, String> jsonAsTextPlainField(String json) {
        int closing = json.lastIndexOf('"');
        int opening = json.lastIndexOf('"', closing - 1);
        // {"workflow_id":"w",...,"pad":"x"} → name {"workflow_id":"w",...,"pad":"  value x"}; the form joins them
        // with "=" into {"workflow_id":"w",...,"pad":"=x"}
        return Map.of(json.substring(0, opening + 1), json.substring(opening + 1));
    }

    /** Loads the page at {@code pageUrl}, which posts to {@code target}, and returns the API's answer to it. */
    static Seen navigateAndAwaitAnswer(Page page, String pageUrl, String target) {
        Response response = page.waitForResponse(
                r -> r.url().equals(target) && r.request().method().equals("POST"), () -> page.navigate(pageUrl));
        return seen(response);
    }

    /** Runs {@code script} (a fetch or the like) in {@code page} and returns what the network saw of {@code target}. */
    static Seen runAndAwaitAnswer(Page page, String target, String method, Runnable script) {
        Response response = page.waitForResponse(
                r -> r.url().equals(target) && r.request().method().equals(method), script);
        return seen(response);
    }

    private static Seen seen(Response response) {
        String code = null;
        try {
            JsonNode body = Api.JSON.readTree(response.text());
            code = body.path("error").path("code").asText(null);
        } catch (RuntimeException | IOException unreadable) {
            // a response Playwright cannot give the body of (a beacon's): the status is what the network saw
        }
        return new Seen(response.status(), code);
    }

    /**
     * {@code fetch(target, {method, mode, headers, body})} in {@code page}: "opaque" or "status N body B" when it
     * resolved, "refused: TypeError" when the browser refused it (a failed CORS preflight, or no CORS headers on the
     * answer).
     */
    static String fetch(
            Page page, String target, String method, String mode, Map<String, String> headers, String body) {
        Object outcome = page.evaluate("""
                async ([url, method, mode, headers, body]) => {
                  try {
                    const r = await fetch(url, {method, mode, headers, body: body === '' ? undefined : body});
                    if (r.type === 'opaque') {
                      return 'opaque status ' + r.status + ' body [' + (await r.text()) + ']';
                    }
                    return 'status ' + r.status + ' body ' + (await r.text());
                  } catch (e) {
                    return 'refused: ' + e.name;
                  }
                }""", List.of(target, method, mode, headers, body == null ? "" : body));
        return String.valueOf(outcome);
    }

    private static String attribute(String value) {
        return value.replace("&", "&amp;")
                .replace("'", "&#39;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
