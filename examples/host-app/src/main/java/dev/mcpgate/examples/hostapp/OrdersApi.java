package dev.mcpgate.examples.hostapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The host application's own REST API, mapped at {@code /api/*}: orders and inventory, kept in
 * memory. It knows nothing about MCP; {@code openapi.yaml} describes it. Thread-safe.
 */
final class OrdersApi extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** An item in stock. */
  record Item(String sku, String name, BigDecimal unitPrice, int inStock) {}

  /** An order. */
  record Order(String id, String sku, int quantity, String customer, String status,
      BigDecimal total) {}

  private final transient Map<String, Item> inventory = new ConcurrentHashMap<>();
  private final transient Map<String, Order> orders = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger(1001);

  OrdersApi() {
    stock(new Item("SKU-MUG", "Enamel mug", new BigDecimal("12.50"), 40));
    stock(new Item("SKU-TEE", "Organic T-shirt", new BigDecimal("24.00"), 15));
    stock(new Item("SKU-CAP", "Baseball cap", new BigDecimal("18.90"), 0));
    place("SKU-MUG", 2, "Ada Lovelace", "shipped");
    place("SKU-TEE", 1, "Grace Hopper", "open");
  }

  private void stock(Item item) {
    inventory.put(item.sku(), item);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = path(request);
    if (path.equals("/orders")) {
      String status = request.getParameter("status");
      List<Order> list = new ArrayList<>(orders.values());
      list.removeIf(order -> status != null && !order.status().equals(status));
      list.sort(Comparator.comparing(Order::id).reversed());
      Json.write(response, 200, list);
    } else if (path.startsWith("/orders/")) {
      Order order = orders.get(path.substring("/orders/".length()));
      if (order == null) {
        Json.error(response, 404, "no such order");
      } else {
        Json.write(response, 200, order);
      }
    } else if (path.equals("/inventory")) {
      List<Item> items = new ArrayList<>(inventory.values());
      items.sort(Comparator.comparing(Item::sku));
      Json.write(response, 200, items);
    } else {
      Json.error(response, 404, "not found");
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!path(request).equals("/orders")) {
      Json.error(response, 404, "not found");
      return;
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(request.getInputStream());
    } catch (JacksonException e) {
      Json.error(response, 400, "the body is not JSON");
      return;
    }
    String sku = body.path("sku").asString("");
    int quantity = body.path("quantity").asInt(0);
    String customer = body.path("customer").asString("");
    if (sku.isEmpty() || customer.isBlank() || quantity < 1) {
      Json.error(response, 400, "sku, customer and a quantity of at least 1 are required");
      return;
    }
    if (!inventory.containsKey(sku)) {
      Json.error(response, 404, "no such item: " + sku);
      return;
    }
    Order order = place(sku, quantity, customer, "open");
    if (order == null) {
      Json.error(response, 409, "not enough stock of " + sku);
      return;
    }
    response.setHeader("Location", request.getContextPath() + "/api/orders/" + order.id());
    Json.write(response, 201, order);
  }

  private @Nullable Order place(String sku, int quantity, String customer, String status) {
    Map<String, Order> placed = new LinkedHashMap<>();
    inventory.computeIfPresent(sku, (key, item) -> {
      if (item.inStock() < quantity) {
        return item;
      }
      String id = "ord-" + nextId.getAndIncrement();
      placed.put(id, new Order(id, sku, quantity, customer, status,
          item.unitPrice().multiply(BigDecimal.valueOf(quantity))));
      return new Item(item.sku(), item.name(), item.unitPrice(), item.inStock() - quantity);
    });
    orders.putAll(placed);
    return placed.values().stream().findFirst().orElse(null);
  }

  private static String path(HttpServletRequest request) {
    String info = request.getPathInfo();
    return info == null ? "/" : info;
  }
}
