package dev.mcpgate.admin.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The route table: {@code METHOD /api/v1/template/{param}} to a handler. */
final class Routes {

  /** Answers a matched call. */
  @FunctionalInterface
  interface Handler {
    Reply handle(Call call);
  }

  /** One route; an open route needs no authentication (the contract, health, readiness). */
  record Route(String method, String template, String[] segments, boolean open,
      Handler handler) {}

  sealed interface Match {}

  record Found(Route route, Map<String, String> params) implements Match {}

  record WrongMethod(List<String> allowed) implements Match {}

  record NoRoute() implements Match {}

  private final List<Route> routes = new ArrayList<>();

  void add(String method, String template, Handler handler) {
    declare(method, template, false, handler);
  }

  void open(String method, String template, Handler handler) {
    declare(method, template, true, handler);
  }

  private void declare(String method, String template, boolean open, Handler handler) {
    String full = AdminApi.PREFIX + template;
    routes.add(new Route(method, full, full.substring(1).split("/"), open, handler));
  }

  List<String> all() {
    return routes.stream().map(r -> r.method() + " " + r.template()).toList();
  }

  Match match(String method, String path) {
    if (!path.startsWith("/") || path.contains("//")) {
      return new NoRoute();
    }
    String[] segments = path.substring(1).split("/", -1);
    TreeSet<String> allowed = new TreeSet<>();
    for (Route route : routes) {
      Map<String, String> params = params(route.segments(), segments);
      if (params == null) {
        continue;
      }
      if (route.method().equals(method)) {
        return new Found(route, params);
      }
      allowed.add(route.method());
    }
    return allowed.isEmpty() ? new NoRoute() : new WrongMethod(List.copyOf(allowed));
  }

  private static Map<String, String> params(String[] template, String[] path) {
    if (template.length != path.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < template.length; i++) {
      String part = template[i];
      if (part.startsWith("{")) {
        if (path[i].isEmpty()) {
          return null;
        }
        params.put(part.substring(1, part.length() - 1), path[i]);
      } else if (!part.equals(path[i])) {
        return null;
      }
    }
    return params;
  }
}
