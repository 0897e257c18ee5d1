package io.productscanner.runtime.api;

import io.productscanner.runtime.config.SettingsException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where the API listens. An API without a token stays on loopback, so a fresh install is not an open job
 * runner on the network, unless {@code ALLOW_UNAUTHENTICATED=true} says that is intended; an explicit
 * {@code HOST} wins, but one beyond loopback without a token needs that same opt-in.
 */
public final class ListenAddress {
    static final String ALL_INTERFACES = "0.0.0.0";
    static final String LOOPBACK = "127.0.0.1";

    private ListenAddress() {}

    /**
     * The host to bind, from {@code HOST}, {@code API_TOKEN} and {@code ALLOW_UNAUTHENTICATED}.
     *
     * @throws SettingsException when {@code HOST} opens the API beyond this machine without a token and without
     *                           {@code ALLOW_UNAUTHENTICATED=true}
     */
    static String of(Optional<String> explicitHost, boolean tokenSet, boolean allowUnauthenticated) {
        String host = choose(explicitHost, tokenSet, allowUnauthenticated);
        if (!tokenSet && !allowUnauthenticated && !isLoopback(host)) {
            throw new SettingsException("HOST=" + host + " would let anyone who reaches that address run and read "
                    + "jobs, and API_TOKEN is not set: set API_TOKEN (at least " + ApiAccess.MIN_TOKEN_LENGTH
                    + " characters), or ALLOW_UNAUTHENTICATED=true to serve the API without one");
        }
        return host;
    }

    static String choose(Optional<String> explicitHost, boolean tokenSet, boolean allowUnauthenticated) {
        return explicitHost.orElse(tokenSet || allowUnauthenticated ? ALL_INTERFACES : LOOPBACK);
    }

    /** Whether only this machine can reach {@code host}; an unresolvable name counts as reachable. */
    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
