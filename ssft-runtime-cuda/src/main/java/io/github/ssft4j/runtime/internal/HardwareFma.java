package io.github.ssft4j.runtime.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;

/** Whether this JVM computes {@link Math#fma} in hardware, read once from the VM's {@code UseFMA} option. */
final class HardwareFma {
  private HardwareFma() {}

  static boolean available() {
    try {
      // Through reflection: com.sun.management is HotSpot's, and other JVMs need not have it.
      Class<? extends PlatformManagedObject> type = Class.forName("com.sun.management.HotSpotDiagnosticMXBean")
          .asSubclass(PlatformManagedObject.class);
      Object bean = ManagementFactory.getPlatformMXBean(type);
      Object option = type.getMethod("getVMOption", String.class).invoke(bean, "UseFMA");
      return "true".equals(option.getClass().getMethod("getValue").invoke(option));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // Not HotSpot, or no such option: the multiply-add form is correct everywhere.
      return false;
    }
  }
}
