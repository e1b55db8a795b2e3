package io.github.ssft4j.spi;

import io.github.ssft4j.ModelLoadException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.ToIntFunction;

/**
 * Finds service-provider implementations through {@link ServiceLoader}, failing with a message that names the
 * module to add when none is on the class path.
 */
public final class ServiceLookup {
  private ServiceLookup() {}

  /**
   * @param type the service interface
   * @return every implementation on the class path, highest {@code priority} first
   */
  public static <T> List<T> all(Class<T> type, ToIntFunction<T> priority) {
    List<T> found = new ArrayList<>();
    ServiceLoader.load(type, classLoader(type)).forEach(found::add);
    found.sort(Comparator.comparingInt(priority).reversed());
    return found;
  }

  /**
   * @param type the service interface
   * @param priority how to rank implementations
   * @param module the Maven artifact that provides an implementation, named in the error
   * @return the highest-priority implementation
   * @throws ModelLoadException when there is none
   */
  public static <T> T best(Class<T> type, ToIntFunction<T> priority, String module) {
    List<T> found = all(type, priority);
    if (found.isEmpty()) {
      throw new ModelLoadException("no " + type.getSimpleName() + " implementation on the class path: add the "
          + "io.github.ssft4j:" + module + " dependency (it registers one in META-INF/services/"
          + type.getName() + ")");
    }
    return found.get(0);
  }

  private static ClassLoader classLoader(Class<?> type) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : type.getClassLoader();
  }
}
