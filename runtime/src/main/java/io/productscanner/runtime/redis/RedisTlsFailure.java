package io.productscanner.runtime.redis;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.productscanner.runtime.logging.LogEvent;
import java.util.Locale;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Says in an operator's words why a TLS connection to Redis failed: Lettuce reports "Unable to connect" with the
 * handshake's reason buried several causes deep ("PKIX path building failed", "No subject alternative names").
 */
final class RedisTlsFailure {
    private static final System.Logger LOG = System.getLogger(RedisTlsFailure.class.getName());

    private RedisTlsFailure() {}

    /** What {@code connect} returns; a TLS failure rethrown with what it means and what to set. */
    static <T> T explained(RedisURI uri, Supplier<T> connect) {
        try {
            return connect.get();
        } catch (RedisConnectionException e) {
            SSLException tls = tlsCause(e);
            if (tls == null) {
                throw e;
            }
            String where = uri.getHost() == null ? "the Sentinel's Redis" : uri.getHost() + ":" + uri.getPort();
            String meaning = meaning(where, uri.getHost(), tls);
            LogEvent.error(LOG, "redis.tls_failed", "redis", where, "reason", meaning, "detail", tls.getMessage());
            throw new RedisConnectionException(meaning + " (" + tls.getMessage() + ")", e);
        }
    }

    private static String meaning(String where, String host, SSLException tls) {
        String chain = messages(tls).toLowerCase(Locale.ROOT);
        if (chain.contains("pkix path") || chain.contains("unable to find valid certification path")) {
            return "TLS to Redis at " + where
                    + " failed: its certificate is not signed by a CA this process trusts; set REDIS_TLS_CA_FILE to the PEM file of the CA that signed it";
        }
        if (chain.contains("no subject alternative") || chain.contains("no name matching")) {
            return "TLS to Redis at " + where + " failed: its certificate does not name the host " + host
                    + "; connect by a name the certificate holds, or reissue it with this one";
        }
        if (chain.contains("certificate_required") || chain.contains("bad_certificate")) {
            return "TLS to Redis at " + where
                    + " failed: the server wants a client certificate it trusts; set REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE to one signed by a CA it trusts";
        }
        if (chain.contains("expired") || chain.contains("not yet valid")) {
            return "TLS to Redis at " + where + " failed: its certificate is outside its validity dates";
        }
        return "TLS to Redis at " + where + " failed during the handshake";
    }

    private static SSLException tlsCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException tls) {
                return tls;
            }
        }
        return null;
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            all.append(cause.getMessage()).append(' ');
        }
        return all.toString();
    }
}
