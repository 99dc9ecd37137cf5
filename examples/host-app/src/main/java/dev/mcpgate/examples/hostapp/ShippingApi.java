package dev.mcpgate.examples.hostapp;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Stands in for a third-party API: shipping quotes, on its own Jetty server on a loopback port,
 * behind its own API key. The host app reaches it over the network like any external upstream.
 */
final class ShippingApi extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** The header the shipping API reads its key from. */
  static final String KEY_HEADER = "X-Shipping-Key";

  private record Carrier(String carrier, int days, BigDecimal base, BigDecimal perKg) {}

  private static final List<Carrier> CARRIERS = List.of(
      new Carrier("Parcelwise", 2, new BigDecimal("6.90"), new BigDecimal("1.20")),
      new Carrier("SlowBoat Freight", 9, new BigDecimal("3.50"), new BigDecimal("0.40")));

  /**
   * Starts the API on an ephemeral loopback port.
   *
   * @param key the API key callers must present
   * @return the running server
   * @throws Exception if Jetty cannot start
   */
  static Server start(String key) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(new FilterHolder(new ApiKeyFilter(KEY_HEADER, key)), "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new ShippingApi()), "/*");
    server.setHandler(context);
    server.start();
    return server;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"/carriers".equals(request.getPathInfo())) {
      Json.error(response, 404, "not found");
      return;
    }
    Json.write(response, 200, CARRIERS.stream()
        .map(carrier -> Map.of("carrier", carrier.carrier(), "days", carrier.days()))
        .toList());
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"/quotes".equals(request.getPathInfo())) {
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
    double weight = body.path("weightKg").asDouble(0);
    String country = body.path("country").asString("");
    if (weight <= 0 || !country.matches("[A-Z]{2}")) {
      Json.error(response, 400, "weightKg > 0 and a two-letter country are required");
      return;
    }
    // Abroad costs more than domestic (the demo's home country is DE).
    BigDecimal zone = country.equals("DE") ? BigDecimal.ONE : new BigDecimal("1.8");
    List<Map<String, Object>> quotes = new ArrayList<>();
    for (Carrier carrier : CARRIERS) {
      BigDecimal price = carrier.base().add(carrier.perKg().multiply(BigDecimal.valueOf(weight)))
          .multiply(zone).setScale(2, RoundingMode.HALF_UP);
      quotes.add(Map.of("carrier", carrier.carrier(), "price", price, "currency", "EUR",
          "days", carrier.days()));
    }
    Json.write(response, 200, Map.of("quotes", quotes));
  }
}
