package io.productscanner.runtime.api;

import io.productscanner.runtime.config.Settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where the API listens. An API without a token stays on loopback, so a fresh install is not an open job
 * runner on the network, unless {@code ALLOW_UNAUTHENTICATED=true} says that is intended; an explicit
 * {@code HOST} always wins.
 */
public final class ListenAddress {
    static final String ALL_INTERFACES = "0.0.0.0";
    static final String LOOPBACK = "127.0.0.1";

    private ListenAddress() {
    }

    /** The host to bind, from {@code HOST}, {@code API_TOKEN} and {@code ALLOW_UNAUTHENTICATED}. */
    public static String of(Settings settings) {
        return choose(settings.host(), settings.apiToken().isPresent(), settings.allowUnauthenticated());
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
