package dev.mcpgate.cli.internal;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialBindingResolver;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every secret reference of the bindings once, at startup and with {@code --check}, so that
 * an unset {@code env:} variable or a missing {@code file:} is found before the first call fails
 * on it. A reference that cannot be read is a problem when an approved source uses its binding,
 * and a warning otherwise. What was read is dropped at once; a problem names the reference's
 * place in the file and the store's reason (a variable's or a file's name), never a value.
 * Stateless.
 */
final class SecretCheck {

  private SecretCheck() {}

  static void check(
      ServeConfig config, CredentialBindingResolver stores, List<String> problems,
      List<String> warnings) {
    Set<String> served = new HashSet<>();
    for (ServeConfig.SourceEntry source : config.sources()) {
      if (source.approved() && source.binding() != null) {
        served.add(source.binding());
      }
    }
    List<CredentialBinding> bindings = config.bindings();
    for (int i = 0; i < bindings.size(); i++) {
      CredentialBinding binding = bindings.get(i);
      Map<String, String> refs = new LinkedHashMap<>();
      String path = "bindings[" + i + "]";
      refs.put(path + ".secretRef", binding.secretRef());
      binding.profileRefs().forEach((profile, ref) -> refs.put(path + ".profiles." + profile, ref));
      for (Map.Entry<String, String> ref : refs.entrySet()) {
        CredentialBinding one = new CredentialBinding(
            binding.id(), binding.kind(), ref.getValue(), Map.of(), binding.settings());
        CredentialResolution resolution = stores.resolve(one, CallerContext.anonymous());
        if (resolution instanceof CredentialResolution.Unavailable unavailable) {
          String reason = unavailable.reason();
          String prefix = "binding " + binding.id() + ": ";
          if (reason.startsWith(prefix)) {
            reason = reason.substring(prefix.length());
          }
          if (served.contains(binding.id())) {
            problems.add(ref.getKey() + ": cannot be read: " + reason);
          } else {
            warnings.add(ref.getKey() + ": cannot be read: " + reason
                + " (no approved source uses binding " + binding.id() + " yet)");
          }
        }
      }
    }
  }
}
