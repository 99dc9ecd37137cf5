package dev.mcpgate.cli.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;

/**
 * {@code SIGHUP} as the signal to re-read the configuration file, through {@code
 * sun.misc.Signal} (module {@code jdk.unsupported}), looked up by reflection so that a runtime
 * without it (or without the signal, as on Windows) still starts: {@link #install} then says no.
 */
public final class ReloadSignal {

  /** Whether the handler was installed. */
  public enum Installed {
    /** SIGHUP runs the action. */
    YES,
    /** The process ignores SIGHUP (it was started with {@code nohup}): the JVM keeps it so. */
    IGNORED,
    /** No {@code sun.misc.Signal}, or no SIGHUP on this system. */
    UNAVAILABLE
  }

  private ReloadSignal() {}

  /**
   * Runs {@code action} on every {@code SIGHUP}, on the JVM's signal thread.
   *
   * @param action what to run; it must not throw
   * @return whether the handler is installed
   */
  public static Installed install(Runnable action) {
    Objects.requireNonNull(action, "action");
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object hup = signal.getConstructor(String.class).newInstance("HUP");
      InvocationHandler invocation = (Object proxy, Method method, Object[] args) -> {
        switch (method.getName()) {
          case "handle" -> {
            action.run();
            return null;
          }
          case "hashCode" -> {
            return System.identityHashCode(proxy);
          }
          case "equals" -> {
            return proxy == args[0];
          }
          default -> {
            return "mcpgate SIGHUP handler";
          }
        }
      };
      Object proxy = Proxy.newProxyInstance(ReloadSignal.class.getClassLoader(),
          new Class<?>[] {handler}, invocation);
      Object previous = signal.getMethod("handle", signal, handler).invoke(null, hup, proxy);
      // A signal ignored at start-up stays ignored: the JVM returns SIG_IGN and installs nothing.
      return previous == handler.getField("SIG_IGN").get(null)
          ? Installed.IGNORED : Installed.YES;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return Installed.UNAVAILABLE; // serve runs without reloading
    }
  }
}
