package io.productscanner.support.core.egress;

import java.util.Objects;

/**
 * One outbound connection the scanners refused.
 *
 * @param host    the host as asked for (a name or an address literal)
 * @param address the address it resolved to, or null when refused before resolving (a metadata name, a downgrade)
 * @param port    the port asked for
 * @param rule    why: {@code loopback}, {@code private}, {@code link_local}, {@code metadata}, {@code cgnat},
 *                {@code unspecified}, {@code multicast}, {@code reserved} or {@code https_downgrade}
 */
public record EgressRefusal(String host, String address, int port, String rule) {
    public EgressRefusal {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(rule, "rule");
    }

    /** "refused {host}:{port} ({address}): {rule} addresses are not reachable from the scanners". */
    public String message() {
        if (rule.equals(EgressPolicy.HTTPS_DOWNGRADE)) {
            return "refused a redirect from https down to http://" + host + ":" + port + " (rule " + rule + ")";
        }
        return "refused " + host + ":" + port + (address == null || address.equals(host) ? "" : " (" + address + ")")
                + ": the scanners do not reach " + rule + " destinations (rule " + rule + ")";
    }

    /** The log line's fields: {@code host=... address=... port=... rule=...}. */
    String logFields() {
        return "host=" + host + " address=" + (address == null ? "-" : address) + " port=" + port + " rule=" + rule;
    }
}
