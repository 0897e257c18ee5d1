package io.productscanner.support.http.internal;

import io.productscanner.support.core.egress.EgressPolicy;
import io.productscanner.support.core.egress.EgressRefusal;
import io.productscanner.support.core.egress.EgressRefusedException;
import java.io.IOException;
import java.net.ProtocolException;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Follows redirects above the site mirror and pacing, instead of inside OkHttp: each hop is resolved against the
 * original site's URL, then mirrored and paced like any request. OkHttp's own follow-ups would skip application
 * interceptors and could leave the mirror for the real site.
 * <p>
 * Each hop's host is checked against the {@link EgressPolicy}'s names here (its addresses are checked when
 * connecting), and a redirect from https down to http is refused: the platforms' APIs are https only and never
 * send one, and following it would put the request, cookies included, in clear text. Redirects to other public hosts
 * are followed (sites move between www., m. and API hosts).
 */
public final class RedirectInterceptor implements Interceptor {
    // the limit of OkHttp and of Chrome
    private static final int MAX_REDIRECTS = 20;

    private final EgressPolicy policy;

    public RedirectInterceptor(EgressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        refuseName(request.url());
        Response response = chain.proceed(request);
        for (int redirects = 0; ; redirects++) {
            Request next = followUp(request, response);
            if (next == null) {
                return response;
            }
            response.close();
            if (redirects == MAX_REDIRECTS) {
                throw new ProtocolException("too many redirects, the last to " + next.url());
            }
            if (request.url().isHttps() && !next.url().isHttps()) {
                throw new EgressRefusedException(policy.refuse(
                        new EgressRefusal(next.url().host(), null, next.url().port(), EgressPolicy.HTTPS_DOWNGRADE)));
            }
            refuseName(next.url());
            request = next;
            response = chain.proceed(request);
        }
    }

    private void refuseName(HttpUrl url) throws EgressRefusedException {
        Optional<EgressRefusal> refusal = policy.checkName(url.host(), url.port());
        if (refusal.isPresent()) {
            throw new EgressRefusedException(refusal.get());
        }
    }

    /** The request a redirect asks for, or null when the response is not a redirect to follow. */
    private static Request followUp(Request request, Response response) {
        int code = response.code();
        boolean keepsMethod = code == 307 || code == 308;
        if (!(keepsMethod || code == 300 || code == 301 || code == 302 || code == 303)) {
            return null;
        }
        String location = response.header("Location");
        HttpUrl target = location == null ? null : request.url().resolve(location);
        if (target == null) {
            return null;
        }
        Request.Builder next = request.newBuilder().url(target);
        String method = request.method();
        if (!keepsMethod && !method.equals("GET") && !method.equals("HEAD")) {
            // like browsers: 301/302/303 turn a POST into a GET without body
            next.method("GET", null)
                    .removeHeader("Content-Type")
                    .removeHeader("Content-Length")
                    .removeHeader("Transfer-Encoding");
        }
        if (!target.host().equals(request.url().host())) {
            next.removeHeader("Authorization");
        }
        return next.build();
    }
}
