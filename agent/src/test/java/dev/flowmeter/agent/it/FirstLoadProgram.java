// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.agent.it;

import java.net.http.HttpClient;

/**
 * A program run in a forked JVM under the agent: makes the JDK load, for the first time once the
 * agent is in place, a class the agent hooks as it loads ({@code HttpClientImpl}, behind {@code
 * HttpClient.newHttpClient()}), and prints {@code client built}.
 */
public final class FirstLoadProgram {
  private FirstLoadProgram() {}

  public static void main(String[] args) {
    HttpClient client = HttpClient.newHttpClient();
    System.out.println(client == null ? "no client" : "client built");
  }
}
