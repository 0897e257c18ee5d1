package io.productscanner.e2e;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a site-mirror fixture tree for many musinsa products, in the shape of the recorded answers. */
final class MusinsaMirror {
    private final ArrayNode routes = Api.JSON.createArrayNode();

    /** One product as the site shows it now. */
    MusinsaMirror product(long id, String name, long normalPrice, long salePrice, String saleType, long delayMillis) {
        ObjectNode body = Api.JSON.createObjectNode();
        body.putObject("meta").put("result", "SUCCESS").put("errorCode", "").put("message", "");
        ObjectNode data = body.putObject("data");
        data.put("goodsNo", id)
                .put("goodsNm", name)
                .put("goodsSaleType", saleType)
                .put("isBuyForMember", false)
                .put("thumbnailImageUrl", "/images/goods_img/test/" + id + "_500.jpg");
        data.putObject("brandInfo").put("brandName", "테스트브랜드");
        data.putObject("goodsPrice")
                .put("normalPrice", normalPrice)
                .put("salePrice", salePrice)
                .put("couponPrice", salePrice)
                .put("couponDiscount", false);
        return route(id, 200, body, delayMillis);
    }

    /** A product the site deleted. */
    MusinsaMirror deleted(long id) {
        ObjectNode body = Api.JSON.createObjectNode();
        body.putObject("meta")
                .put("result", "FAIL")
                .put("errorCode", "DISPLAY_000_0002")
                .put("message", "상품이 존재하지 않습니다.");
        body.putNull("data");
        return route(id, 404, body, 0);
    }

    /** A product the site answers with an error code the plugin does not know, and the site's own message. */
    MusinsaMirror failing(long id, String errorCode, String message) {
        ObjectNode body = Api.JSON.createObjectNode();
        body.putObject("meta").put("result", "FAIL").put("errorCode", errorCode).put("message", message);
        body.putNull("data");
        return route(id, 200, body, 0);
    }

    /** A product whose answer the plugin cannot read: the goods detail without its name (markup drift). */
    MusinsaMirror unreadable(long id) {
        ObjectNode body = Api.JSON.createObjectNode();
        body.putObject("meta").put("result", "SUCCESS").put("errorCode", "").put("message", "");
        body.putObject("data").put("goodsNo", id).put("goodsSaleType", "SALE");
        return route(id, 200, body, 0);
    }

    private MusinsaMirror route(long id, int status, ObjectNode body, long delayMillis) {
        ObjectNode route = routes.addObject();
        route.put("method", "GET")
                .put("path", "/api2/goods/" + id)
                .put("status", status)
                .put("body", body.toString())
                .put("delay_ms", delayMillis);
        route.putObject("headers").put("Content-Type", "application/json;charset=UTF-8");
        return this;
    }

    /** Writes the tree under {@code root} and returns {@code root}. */
    Path writeTo(Path root) throws IOException {
        Path host = Files.createDirectories(root.resolve("goods-detail.musinsa.com"));
        Files.writeString(host.resolve("routes.json"), routes.toString());
        return root;
    }

    static String thumbnail(long id) {
        return "https://image.msscdn.net/images/goods_img/test/" + id + "_500.jpg";
    }
}
