package io.github.ssft4j.runtime.internal;

import java.lang.management.ManagementFactory;

/** Whether this JVM computes {@link Math#fma} in hardware, read once from the VM's {@code UseFMA} option. */
final class HardwareFma {
  private HardwareFma() {}

  static boolean available() {
    try {
      Class<?> type = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
      Object bean = ManagementFactory.getPlatformMXBean(type.asSubclass(java.lang.management.PlatformManagedObject.class));
      Object option = type.getMethod("getVMOption", String.class).invoke(bean, "UseFMA");
      return "true".equals(option.getClass().getMethod("getValue").invoke(option));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // Not HotSpot, or no such option: the multiply-add form is correct everywhere.
      return false;
    }
  }
}
