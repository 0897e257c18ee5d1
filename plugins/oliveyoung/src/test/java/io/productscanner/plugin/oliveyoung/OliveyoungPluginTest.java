package io.productscanner.plugin.oliveyoung;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.productscanner.plugin.testkit.PlatformPluginContract;
import io.productscanner.spi.PluginKind;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

class OliveyoungPluginTest extends PlatformPluginContract {
    OliveyoungPluginTest() {
        super(new OliveyoungPlugin(), "oliveyoung", PluginKind.BROWSER);
    }

    @Override
    protected Stream<Arguments> urlsWithTheirProductIds() {
        return Stream.of(
                arguments(
                        "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=A000000238213", "A000000238213"),
                arguments(
                        "https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do"
                                + "?goodsNo=A000000238213&dispCatNo=100",
                        "A000000238213"),
                arguments(
                        "http://oliveyoung.co.kr/store/goods/getGoodsDetail.do"
                                + "?dispCatNo=100&goodsNo=A000000238213#reviews",
                        "A000000238213"),
                arguments("https://M.OLIVEYOUNG.CO.KR/m/goods/getGoodsDetail.do?goodsNo=A%30000001", "A0000001"));
    }

    @Override
    protected Stream<String> otherUrls() {
        return Stream.of(
                "https://m.oliveyoung.co.kr/m/main/main.do",
                "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=",
                "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=a000000238213",
                // the first goodsNo decides
                "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=x&goodsNo=A000000238213",
                "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?xgoodsNo=A000000238213",
                "https://notoliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000238213",
                "https://oliveyoung.co.kr.example.net/store/goods/getGoodsDetail.do?goodsNo=A000000238213",
                "ftp://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000238213",
                "/store/goods/getGoodsDetail.do?goodsNo=A000000238213");
    }

    @Override
    protected List<String> acceptedForms() {
        return List.of(
                "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo={id}",
                "https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo={id}");
    }

    @Override
    protected Map.Entry<String, String> productIdWithItsCanonicalUrl() {
        return Map.entry("A000000238213", "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=A000000238213");
    }

    @Override
    protected Stream<String> malformedProductIds() {
        return Stream.of("a000000238213", "");
    }

    @Test
    void aMalformedProductIdIsRefusedSayingWhatAnIdIs() {
        IllegalArgumentException failure =
                assertThrows(IllegalArgumentException.class, () -> plugin().canonicalUrl("a000000238213"));
        assertEquals(
                "an oliveyoung product id is upper-case letters and digits, was 'a000000238213'", failure.getMessage());
    }
}
