// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;

/** A program that uses its own Byte Buddy (another version than the agent's) and then copies. */
public final class ByteBuddyProgram {
  private ByteBuddyProgram() {}

  public static void main(String[] args) throws Exception {
    Class<?> made =
        new ByteBuddy()
            .subclass(Object.class)
            .name("example.Made")
            .make()
            .load(ByteBuddyProgram.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
            .getLoaded();
    System.out.println(
        "made "
            + made.getName()
            + " with "
            + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation());
    CopyProgram.main(args);
  }
}
