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

package dev.lifeline.autoconfigure;

import java.util.Arrays;
import java.util.List;

import jakarta.servlet.ServletContext;
import jakarta.websocket.WebSocketContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.ServletContextAware;
import org.springframework.web.socket.client.WebSocketClient;

/**
 * Applies {@code lifeline.container.text-buffer-size} and {@code binary-buffer-size} to
 * Tomcat's WebSocket container before the connectors accept the first connection.
 * <p>
 * Tomcat allocates a text buffer and a binary buffer of the container's default sizes for
 * every session when it opens, and these buffers also bound the largest whole message an
 * endpoint can receive. Lifeline asks for partial messages, so its sessions need neither
 * to be large. Other endpoints in the same application may not, so the defaults are
 * lowered only when the managed path is the only WebSocket endpoint, and never when the
 * application has set them itself, with the
 * {@code org.apache.tomcat.websocket.textBufferSize} and {@code binaryBufferSize} servlet
 * context parameters or a {@code ServletServerContainerFactoryBean}.
 * <p>
 * Tomcat derives its default message buffer sizes from the JVM-wide buffer size that
 * {@link TomcatConnectionBuffers} may have lowered; when it has and other endpoints
 * exist, their defaults are raised back to Tomcat's 8 KB, so that they still receive the
 * whole messages they received before.
 *
 * @author Lifeline contributors
 */
final class TomcatWebSocketBuffers implements SmartInitializingSingleton, ServletContextAware {

	private static final Log logger = LogFactory.getLog(TomcatWebSocketBuffers.class);

	static final String SERVER_CONTAINER_ATTRIBUTE = "jakarta.websocket.server.ServerContainer";

	static final String TEXT_BUFFER_SIZE_PARAMETER = "org.apache.tomcat.websocket.textBufferSize";

	static final String BINARY_BUFFER_SIZE_PARAMETER = "org.apache.tomcat.websocket.binaryBufferSize";

	private static final String TOMCAT_CONTAINER = "org.apache.tomcat.websocket.server.WsServerContainer";

	private final LifelineProperties.Container properties;

	private final UpgradePathVerifier verifier;

	private final ListableBeanFactory beanFactory;

	private @Nullable ServletContext servletContext;

	TomcatWebSocketBuffers(LifelineProperties.Container properties, UpgradePathVerifier verifier,
			ListableBeanFactory beanFactory) {
		this.properties = properties;
		this.verifier = verifier;
		this.beanFactory = beanFactory;
	}

	@Override
	public void setServletContext(ServletContext servletContext) {
		this.servletContext = servletContext;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.servletContext == null
				|| !(this.servletContext
					.getAttribute(SERVER_CONTAINER_ATTRIBUTE) instanceof WebSocketContainer container)
				|| !container.getClass().getName().equals(TOMCAT_CONTAINER)) {
			return;
		}
		// A new container starts from the buffer size Tomcat read from the system
		// property.
		int tomcatDefault = new WsWebSocketContainer().getDefaultMaxTextMessageBufferSize();
		int ioBufferSize = toInt(this.properties.getIoBufferSize());
		// Whether Lifeline lowered the JVM-wide size, and with it every container's
		// default message buffers.
		boolean lowered = TomcatConnectionBuffers.ioBufferSizeSet()
				&& tomcatDefault < TomcatConnectionBuffers.TOMCAT_DEFAULT_BUFFER_SIZE;
		if (this.properties.isLeanBuffers() && TomcatConnectionBuffers.ioBufferSizeSet()
				&& tomcatDefault != ioBufferSize) {
			logger.warn("Tomcat's WebSocket buffers are " + tomcatDefault + " bytes, not the " + ioBufferSize
					+ " of lifeline.container.io-buffer-size: Tomcat read "
					+ TomcatConnectionBuffers.IO_BUFFER_SIZE_PROPERTY
					+ " when its WebSocket classes first loaded in this JVM, before this application started. "
					+ "Set the system property on the command line (-D) to choose the size.");
		}
		else if (lowered) {
			warnAboutClients(tomcatDefault);
		}
		List<String> unmanaged = this.verifier.unmanagedEndpoints();
		if (!unmanaged.isEmpty()) {
			if (lowered) {
				setDefaults(container, tomcatDefault, TomcatConnectionBuffers.TOMCAT_DEFAULT_BUFFER_SIZE,
						TomcatConnectionBuffers.TOMCAT_DEFAULT_BUFFER_SIZE);
			}
			logger.info(
					"Keeping Tomcat's default WebSocket message buffer sizes since other WebSocket endpoints may need "
							+ "whole messages as large as the buffers: " + String.join("; ", unmanaged));
			return;
		}
		setDefaults(container, tomcatDefault, toInt(this.properties.getTextBufferSize()),
				toInt(this.properties.getBinaryBufferSize()));
	}

	private void warnAboutClients(int tomcatDefault) {
		String[] clients = this.beanFactory.getBeanNamesForType(WebSocketClient.class, true, false);
		if (clients.length > 0) {
			logger.warn("WebSocket client beans " + Arrays.toString(clients)
					+ " in this JVM: Tomcat's WebSocket clients " + "now default to " + tomcatDefault
					+ "-byte message buffers (lifeline.container.io-buffer-size), "
					+ "so a whole message larger than that closes them with 1009. Give them explicit buffer sizes or set "
					+ "lifeline.container.io-buffer-size=8KB.");
		}
	}

	private void setDefaults(WebSocketContainer container, int tomcatDefault, int textBufferSize,
			int binaryBufferSize) {
		if (isDefault(TEXT_BUFFER_SIZE_PARAMETER, container.getDefaultMaxTextMessageBufferSize(), tomcatDefault)) {
			container.setDefaultMaxTextMessageBufferSize(textBufferSize);
		}
		if (isDefault(BINARY_BUFFER_SIZE_PARAMETER, container.getDefaultMaxBinaryMessageBufferSize(), tomcatDefault)) {
			container.setDefaultMaxBinaryMessageBufferSize(binaryBufferSize);
		}
	}

	private boolean isDefault(String parameter, int current, int tomcatDefault) {
		return this.servletContext.getInitParameter(parameter) == null && current == tomcatDefault;
	}

	private static int toInt(DataSize size) {
		return (int) size.toBytes();
	}

}
