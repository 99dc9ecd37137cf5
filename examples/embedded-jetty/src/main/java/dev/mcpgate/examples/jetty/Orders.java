package dev.mcpgate.examples.jetty;

import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.ToolCall;
import dev.mcpgate.core.ToolResult;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application being embedded into: a small order book, with its own REST route ({@link
 * #servlet()}) and two tools implemented in Java over the same data. {@code get_order} only
 * reads; {@code cancel_order} changes an order, and the example's policy hides it from the agent.
 *
 * <p>Thread-safe.
 */
public final class Orders {

  /** Looks up one order; read-only, so the example's policy lets the agent see it. */
  public static final ToolDefinition GET_ORDER = ToolDefinition.builder("get_order")
      .title("Get order")
      .description("Looks up an order by its id, such as ord-1001")
      .inputSchema("""
          {"type":"object","properties":{"orderId":{"type":"string"}},"required":["orderId"]}""")
      .annotations(new ToolAnnotations(true, false, true, false))   // read-only, idempotent
      .build();

  /** Cancels an order; destructive, so the example's policy hides it from the agent. */
  public static final ToolDefinition CANCEL_ORDER = ToolDefinition.builder("cancel_order")
      .title("Cancel order")
      .description("Cancels an open order")
      .inputSchema("""
          {"type":"object","properties":{"orderId":{"type":"string"}},"required":["orderId"]}""")
      .annotations(new ToolAnnotations(false, true, true, false))   // destructive
      .build();

  private record Order(String id, String customer, String item, String status) {
    String json() {
      return "{\"id\":\"" + id + "\",\"customer\":\"" + customer + "\",\"item\":\"" + item
          + "\",\"status\":\"" + status + "\"}";
    }
  }

  private final Map<String, Order> orders = new ConcurrentHashMap<>(Map.of(
      "ord-1001", new Order("ord-1001", "Ada Lovelace", "2 x SKU-MUG", "open"),
      "ord-1002", new Order("ord-1002", "Edsger Dijkstra", "1 x SKU-TEE", "shipped")));

  /**
   * The {@code get_order} tool: arguments arrive only after they validated against its schema.
   *
   * @param call the call
   * @return the order as JSON text, or an error result the model can read
   */
  public ToolResult getOrder(ToolCall call) {
    String id = call.arguments().get("orderId").asString();
    Order order = orders.get(id);
    return order == null ? ToolResult.error("No order " + id) : ToolResult.text(order.json());
  }

  /**
   * The {@code cancel_order} tool.
   *
   * @param call the call
   * @return the cancelled order, or an error result
   */
  public ToolResult cancelOrder(ToolCall call) {
    String id = call.arguments().get("orderId").asString();
    Order cancelled = orders.computeIfPresent(id, (key, order) -> order.status().equals("open")
        ? new Order(order.id(), order.customer(), order.item(), "cancelled") : order);
    if (cancelled == null) {
      return ToolResult.error("No order " + id);
    }
    return cancelled.status().equals("cancelled") ? ToolResult.text(cancelled.json())
        : ToolResult.error("Order " + id + " is " + cancelled.status() + ", not open");
  }

  /**
   * The application's own REST route, {@code GET /api/orders/{id}}: it knows nothing of MCP and
   * is reached exactly as before mcpgate was added.
   *
   * @return the servlet
   */
  public HttpServlet servlet() {
    return new OrdersServlet(this);
  }

  private static final class OrdersServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Orders book;

    OrdersServlet(Orders book) {
      this.book = book;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String path = request.getPathInfo();
      Order order = path == null ? null : book.orders.get(path.substring(1));
      if (order == null) {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
        return;
      }
      response.setContentType("application/json");
      response.getOutputStream().write(order.json().getBytes(StandardCharsets.UTF_8));
    }
  }
}
