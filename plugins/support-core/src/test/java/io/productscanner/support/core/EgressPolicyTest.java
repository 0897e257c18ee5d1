package io.productscanner.support.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.support.core.egress.EgressPolicy;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses are internal, in every spelling an address can take, and what the mirror's exception covers. */
class EgressPolicyTest {
    private static final EgressPolicy STRICT = EgressPolicy.forSiteMirror(Optional.empty());

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, loopback",
        "127.255.255.254, loopback",
        "::1, loopback",
        "10.0.0.1, private",
        "172.16.0.1, private",
        "172.31.255.255, private",
        "192.168.1.1, private",
        "fc00::1, private",
        "fd12:3456::1, private",
        "fec0::1, private",
        "169.254.0.1, link_local",
        "fe80::1, link_local",
        "febf::1, link_local",
        "169.254.169.254, metadata",
        "fd00:ec2::254, metadata",
        "100.100.100.200, metadata",
        "100.64.0.1, cgnat",
        "100.127.255.255, cgnat",
        "0.0.0.0, unspecified",
        "0.1.2.3, unspecified",
        "::, unspecified",
        "224.0.0.1, multicast",
        "239.255.255.250, multicast",
        "ff02::1, multicast",
        "255.255.255.255, reserved",
        "240.0.0.1, reserved",
        "192.0.2.10, reserved",
        "198.18.0.1, reserved",
        "2001:db8::1, reserved",
        // IPv6 spellings of IPv4 addresses: compatible, NAT64, 6to4
        "::127.0.0.1, loopback",
        "::a9fe:a9fe, metadata",
        "64:ff9b::7f00:1, loopback",
        "64:ff9b::a00:1, private",
        "2002:7f00:1::, loopback",
        "2002:a9fe:a9fe::1, metadata"
    })
    void internalAddressesAreRefusedWithTheirRule(String address, String rule) throws Exception {
        InetAddress parsed = InetAddress.getByName(address);

        assertEquals(Optional.of(rule), EgressPolicy.internalRule(parsed));
        assertEquals(rule, STRICT.check(address, parsed, 80).orElseThrow().rule());
    }

    @Test
    void ipv4MappedAddressesKeptAsIpv6AreJudgedByTheirIpv4Address() throws Exception {
        byte[] mapped = {
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169, (byte) 254
        };
        // Inet6Address keeps the mapped form that InetAddress.getByName would turn into an Inet4Address
        InetAddress kept = Inet6Address.getByAddress(null, mapped, -1);

        assertTrue(kept instanceof Inet6Address);
        assertEquals(Optional.of("metadata"), EgressPolicy.internalRule(kept));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "1.1.1.1",
                "172.32.0.1",
                "172.15.255.255",
                "100.128.0.1",
                "100.63.255.255",
                "192.169.0.1",
                "169.253.0.1",
                "2600:1f18::1",
                "2404:6800:4004:80a::200e",
                "64:ff9b::808:808",
                "2002:808:808::1",
                "::ffff:8.8.8.8"
            })
    void publicAddressesAreAllowed(String address) throws Exception {
        InetAddress parsed = InetAddress.getByName(address);

        assertEquals(Optional.empty(), EgressPolicy.internalRule(parsed));
        assertEquals(Optional.empty(), STRICT.check(address, parsed, 443));
    }

    @Test
    void theMirrorsHostAndPortAreTheOnlyException() throws Exception {
        EgressPolicy policy = EgressPolicy.forSiteMirror(Optional.of(URI.create("http://127.0.0.1:8089/recorded/")));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");

        assertEquals(Optional.of("127.0.0.1:8089"), policy.exception());
        assertEquals(Optional.empty(), policy.check("127.0.0.1", loopback, 8089));
        assertEquals(
                "loopback",
                policy.check("127.0.0.1", loopback, 6379).orElseThrow().rule());
        assertEquals(
                "loopback",
                policy.check("127.0.0.2", InetAddress.getByName("127.0.0.2"), 8089)
                        .orElseThrow()
                        .rule());
        assertEquals(
                "metadata",
                policy.check("169.254.169.254", InetAddress.getByName("169.254.169.254"), 8089)
                        .orElseThrow()
                        .rule());
    }

    @Test
    void aMirrorNamedByHostCoversTheAddressesItResolvesTo() throws Exception {
        EgressPolicy policy = EgressPolicy.forSiteMirror(Optional.of(URI.create("https://LOCALHOST")));

        assertEquals(Optional.of("localhost:443"), policy.exception());
        for (InetAddress address : InetAddress.getAllByName("localhost")) {
            assertEquals(Optional.empty(), policy.check("localhost", address, 443));
            assertTrue(policy.check("localhost", address, 80).isPresent());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "metadata.google.internal",
                "Metadata.Google.Internal.",
                "metadata.goog",
                "metadata",
                "instance-data",
                "instance-data.ec2.internal"
            })
    void metadataNamesAreRefusedBeforeResolving(String name) {
        assertEquals("metadata", STRICT.checkName(name, 80).orElseThrow().rule());
    }
}
