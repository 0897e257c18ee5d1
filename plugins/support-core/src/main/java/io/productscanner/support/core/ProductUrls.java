package io.productscanner.support.core;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A platform's product-URL rules, built from patterns: which http(s) URLs are product pages (on the platform's domain
 * or on exact hosts), where their product id is (a group of the path, or a query parameter), what an id looks like,
 * the canonical URL of an id, and the words its failures use. For example:
 * <pre>{@code
 * ProductUrls.onDomain("musinsa.com")
 *         .productPath("/(?:products|app/goods)/(\\d+)(?:/.*)?")
 *         .canonical("https://www.musinsa.com/products/{id}")
 *         .describedAs("a musinsa product URL", "a musinsa product id")
 *         .acceptedForms("https://www.musinsa.com/products/{number} or https://www.musinsa.com/app/goods/{number}")
 *         .build();
 * }</pre>
 */
public final class ProductUrls {
    private final Predicate<String> host;
    private final Pattern path;
    private final String queryParameter;
    private final Pattern id;
    private final String idShape;
    private final String canonicalTemplate;
    private final String urlName;
    private final String idName;
    private final String acceptedForms;

    private ProductUrls(Builder builder) {
        this.host = builder.host;
        this.path = builder.path;
        this.queryParameter = builder.queryParameter;
        this.id = builder.id;
        this.idShape = builder.idShape;
        this.canonicalTemplate = builder.canonicalTemplate;
        this.urlName = builder.urlName;
        this.idName = builder.idName;
        this.acceptedForms = builder.acceptedForms;
    }

    /** Rules for product URLs on {@code domain} or any of its subdomains, e.g. {@code musinsa.com}. */
    public static Builder onDomain(String domain) {
        String lower = domain.toLowerCase(Locale.ROOT);
        return new Builder(host -> host.equals(lower) || host.endsWith("." + lower));
    }

    /** Rules for product URLs on exactly one of {@code hosts}, e.g. {@code a-bly.com} and {@code m.a-bly.com}. */
    public static Builder onHosts(String... hosts) {
        Set<String> lower =
                Stream.of(hosts).map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        return new Builder(lower::contains);
    }

    /** Whether {@code url} is a product URL of the platform; false for null. */
    public boolean matches(URI url) {
        return productId(url).isPresent();
    }

    /** The product id in {@code url}, or empty when it is not a product URL of the platform (or null). */
    public Optional<String> productId(URI url) {
        if (!isWebUrl(url) || !host.test(url.getHost().toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        Optional<String> candidate = path != null ? groupOfPath(url) : firstQueryValue(url);
        return candidate.filter(value -> id.matcher(value).matches());
    }

    /**
     * The product id in {@code url}.
     *
     * @throws ScanException {@link FailureKind#INVALID_URL}: "not {url name}: {url} (expected {accepted forms})"
     */
    public String requireProductId(URI url) throws ScanException {
        Optional<String> productId = productId(url);
        if (productId.isEmpty()) {
            throw new ScanException(
                    FailureKind.INVALID_URL, "not " + urlName + ": " + url + " (expected " + acceptedForms + ")");
        }
        return productId.get();
    }

    /**
     * The canonical product URL of {@code productId}.
     *
     * @throws IllegalArgumentException "{id name} is {id shape}, was '{productId}'" for an id of another shape
     */
    public URI canonical(String productId) {
        if (!id.matcher(productId).matches()) {
            throw new IllegalArgumentException(idName + " is " + idShape + ", was '" + productId + "'");
        }
        return URI.create(canonicalTemplate.replace("{id}", productId));
    }

    private Optional<String> groupOfPath(URI url) {
        if (url.getRawPath() == null) {
            return Optional.empty();
        }
        Matcher matcher = path.matcher(url.getRawPath());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The first {@code name=value} of the raw query with this name, URL-decoded. */
    private Optional<String> firstQueryValue(URI url) {
        if (url.getRawQuery() == null) {
            return Optional.empty();
        }
        for (String parameter : url.getRawQuery().split("&")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).equals(queryParameter)) {
                return Optional.of(URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static boolean isWebUrl(URI url) {
        return url != null
                && url.getHost() != null
                && ("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()));
    }

    /** Collects the rules; {@link #build()} checks that the id's place, the canonical URL and the names are set. */
    public static final class Builder {
        private final Predicate<String> host;
        private Pattern path;
        private String queryParameter;
        private Pattern id = Pattern.compile("[0-9]+");
        private String idShape = "a number";
        private String canonicalTemplate;
        private String urlName;
        private String idName;
        private String acceptedForms;

        private Builder(Predicate<String> host) {
            this.host = host;
        }

        /**
         * The id is group 1 of {@code regex} matched against the whole raw path, e.g. {@code /goods/(\d+)/?}.
         *
         * @throws IllegalArgumentException when the pattern has no group
         */
        public Builder productPath(String regex) {
            Pattern pattern = Pattern.compile(regex);
            if (pattern.matcher("").groupCount() < 1) {
                throw new IllegalArgumentException("the product path " + regex + " has no group for the id");
            }
            this.path = pattern;
            this.queryParameter = null;
            return this;
        }

        /** The id is the URL-decoded value of the first query parameter called {@code name}, e.g. {@code goodsNo}. */
        public Builder queryParameter(String name) {
            this.queryParameter = Objects.requireNonNull(name, "name");
            this.path = null;
            return this;
        }

        /**
         * What an id looks like, e.g. {@code [A-Z0-9]+} described as "upper-case letters and digits"; an id of
         * another shape is no product URL, and has no canonical URL. Digits ("a number") unless set.
         */
        public Builder productIds(String regex, String shape) {
            this.id = Pattern.compile(regex);
            this.idShape = Objects.requireNonNull(shape, "shape");
            return this;
        }

        /** The canonical product URL, with {@code {id}} where the id goes. */
        public Builder canonical(String template) {
            if (!template.contains("{id}")) {
                throw new IllegalArgumentException("the canonical URL " + template + " has no {id}");
            }
            this.canonicalTemplate = template;
            return this;
        }

        /** What failures call a product URL and an id, e.g. "a musinsa product URL" and "a musinsa product id". */
        public Builder describedAs(String urlName, String idName) {
            this.urlName = Objects.requireNonNull(urlName, "urlName");
            this.idName = Objects.requireNonNull(idName, "idName");
            return this;
        }

        /** The URL forms an {@link FailureKind#INVALID_URL} failure lists as expected. */
        public Builder acceptedForms(String acceptedForms) {
            this.acceptedForms = Objects.requireNonNull(acceptedForms, "acceptedForms");
            return this;
        }

        /** @throws IllegalStateException naming what is missing */
        public ProductUrls build() {
            if (path == null && queryParameter == null) {
                throw new IllegalStateException("say where the id is: productPath(...) or queryParameter(...)");
            }
            if (canonicalTemplate == null || urlName == null || acceptedForms == null) {
                throw new IllegalStateException("canonical(...), describedAs(...) and acceptedForms(...) are needed");
            }
            return new ProductUrls(this);
        }
    }
}
