// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A program run under the agent with the {@code jmx} sink, reading the beans from inside as a JMX
 * client would: it reads the first MiB of {@code source} (a stream the agent tracks), finds the
 * transfer's bean by its {@code Name} attribute, prints its attributes and the aggregate's, invokes
 * {@code cancel()} and prints what its next read does.
 */
public final class JmxProgram {
  private JmxProgram() {}

  public static void main(String[] args) throws Exception {
    Agents.awaitInstalled();
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try (InputStream in = new FileInputStream(args[0])) {
      System.out.println("read " + in.readNBytes(1 << 20).length);
      ObjectName bean = await(server, args[0]);
      System.out.println("bean " + bean);
      for (String attribute :
          new String[] {"Name", "Operation", "Bytes", "TotalBytes", "Percentage", "Status"}) {
        System.out.println("  " + attribute + " = " + server.getAttribute(bean, attribute));
      }
      ObjectName all = new ObjectName("dev.flowmeter:type=Transfers");
      System.out.println("active " + server.getAttribute(all, "ActiveCount"));
      System.out.println("cancel " + server.invoke(bean, "cancel", null, null));
      try {
        in.read(new byte[8192]);
        System.out.println("read on");
      } catch (IOException e) {
        System.out.println("read threw " + e);
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!"cancelled".equals(server.getAttribute(bean, "Status"))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      System.out.println("then Status = " + server.getAttribute(bean, "Status"));
    }
  }

  /** The bean whose Name is {@code name} and which has bytes; waits at most 20 s. */
  private static ObjectName await(MBeanServer server, String name) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    ObjectName pattern = new ObjectName("dev.flowmeter:type=Transfer,*");
    while (System.nanoTime() < deadline) {
      for (ObjectName bean : server.queryNames(pattern, null)) {
        try {
          if (name.equals(server.getAttribute(bean, "Name"))
              && (Long) server.getAttribute(bean, "Bytes") > 0) {
            return bean;
          }
        } catch (javax.management.InstanceNotFoundException e) {
          // unregistered meanwhile (a transfer that ended): not the one
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no bean for " + name);
  }
}
