/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.lifeline.test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

import org.springframework.boot.web.server.WebServer;
import org.springframework.util.ReflectionUtils;

/**
 * Wakes up the selectors of an embedded Jetty server.
 * <p>
 * Jetty's selector keeps the iterator over the keys it selected last until it selects
 * again, and that iterator still points at the last key it handed out: on a server that
 * has gone quiet, one connection per selector, closed or not, stays reachable until the
 * selector next wakes up. A heap count of what closed connections left behind wakes the
 * selectors first, so that it counts what stays for good. Reflective, since the tests
 * compile without Jetty's server classes.
 */
public final class JettySelectors {

	private JettySelectors() {
	}

	/**
	 * Make every selector of the given server select once more, if it is a Jetty server.
	 * @param webServer the server
	 * @return the number of selectors woken up, {@code 0} for any other server
	 */
	public static int wakeUp(WebServer webServer) {
		Method getServer = ReflectionUtils.findMethod(webServer.getClass(), "getServer");
		if (getServer == null) {
			return 0;
		}
		Object server = ReflectionUtils.invokeMethod(getServer, webServer);
		if (server == null) {
			return 0;
		}
		List<ManagedSelector> selectors = new ArrayList<>();
		Object[] connectors = (Object[]) invoke(server, "getConnectors");
		for (Object connector : (connectors != null) ? connectors : new Object[0]) {
			Object selectorManager = invoke(connector, "getSelectorManager");
			if (selectorManager instanceof ContainerLifeCycle container) {
				selectors.addAll(container.getBeans(ManagedSelector.class));
			}
		}
		selectors.forEach((selector) -> selector.submit((nioSelector) -> {
		}));
		return selectors.size();
	}

	private static Object invoke(Object target, String name) {
		Method method = ReflectionUtils.findMethod(target.getClass(), name);
		return (method != null) ? ReflectionUtils.invokeMethod(method, target) : null;
	}

}
