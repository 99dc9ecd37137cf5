package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.upstream.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A scripted DNS: names answer with the addresses given, and every lookup is recorded. */
final class FakeResolver implements HostResolver {

  private final Map<String, List<InetAddress>> answers = new HashMap<>();
  final List<String> lookups = new ArrayList<>();

  /** Makes a name answer with IP literals (parsed by the JDK without any lookup). */
  FakeResolver answer(String name, String... addresses) {
    List<InetAddress> list = new ArrayList<>();
    for (String address : addresses) {
      list.add(ip(address));
    }
    answers.put(name, list);
    return this;
  }

  @Override
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    lookups.add(host);
    List<InetAddress> answer = answers.get(host);
    if (answer == null) {
      throw new UnknownHostException(host);
    }
    return answer;
  }

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
