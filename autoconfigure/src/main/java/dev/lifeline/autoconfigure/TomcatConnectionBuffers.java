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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.util.unit.DataSize;

/**
 * Applies {@code lifeline.container.io-buffer-size} and the connector socket buffer sizes
 * before Tomcat starts, when {@code lifeline.container.lean-buffers} is set. Both reach
 * beyond Lifeline's endpoint, to every Tomcat WebSocket client in the JVM and to every
 * HTTP connection, which is why they are not applied by default.
 * <p>
 * Tomcat allocates, for every WebSocket connection, an input, an output and a
 * text-encoding buffer sized by the JVM-wide
 * {@code org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE} system property, and the
 * connector allocates a socket read and write buffer for every connection. At Tomcat's
 * defaults, 8 KB each, these five buffers are most of what an idle session costs. The
 * system property is read once, when Tomcat's WebSocket classes load, so it is set here,
 * before the server starts, and only when nobody has set it. The socket buffer sizes are
 * set on the protocol handler, before Spring Boot applies any
 * {@code TomcatConnectorCustomizer}, so that the application's own connector settings
 * win; a {@code TomcatProtocolHandlerCustomizer} that changed them wins too.
 *
 * @author Lifeline contributors
 */
final class TomcatConnectionBuffers implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

	private static final Log logger = LogFactory.getLog(TomcatConnectionBuffers.class);

	/**
	 * The system property Tomcat sizes its WebSocket I/O buffers from.
	 */
	static final String IO_BUFFER_SIZE_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	/**
	 * Tomcat's default for its WebSocket I/O buffers, its default WebSocket message
	 * buffers and its connector socket buffers.
	 */
	static final int TOMCAT_DEFAULT_BUFFER_SIZE = 8 * 1024;

	static final String SOCKET_READ_BUFFER_PROPERTY = "socket.appReadBufSize";

	static final String SOCKET_WRITE_BUFFER_PROPERTY = "socket.appWriteBufSize";

	/**
	 * Whether Lifeline set the system property in this JVM.
	 */
	private static volatile boolean ioBufferSizeSet;

	private final LifelineProperties.Container properties;

	TomcatConnectionBuffers(LifelineProperties.Container properties) {
		this.properties = properties;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		applyIoBufferSize(toInt(this.properties.getIoBufferSize()));
		factory.addProtocolHandlerCustomizers(this::customizeProtocolHandler);
	}

	private static synchronized void applyIoBufferSize(int size) {
		String current = System.getProperty(IO_BUFFER_SIZE_PROPERTY);
		if (current != null) {
			if (!ioBufferSizeSet && logger.isDebugEnabled()) {
				logger.debug("Keeping " + IO_BUFFER_SIZE_PROPERTY + "=" + current
						+ " as set for this JVM; lifeline.container.io-buffer-size is not applied");
			}
			return;
		}
		System.setProperty(IO_BUFFER_SIZE_PROPERTY, Integer.toString(size));
		ioBufferSizeSet = true;
		logger.info("Set " + IO_BUFFER_SIZE_PROPERTY + "=" + size + " (lifeline.container.io-buffer-size): Tomcat's "
				+ "WebSocket input, output and encoder buffers per connection, and the default message buffers of "
				+ "Tomcat WebSocket clients in this JVM, are " + size + " bytes instead of "
				+ TOMCAT_DEFAULT_BUFFER_SIZE + "; set lifeline.container.io-buffer-size=8KB to keep Tomcat's default");
	}

	private void customizeProtocolHandler(ProtocolHandler protocolHandler) {
		if (protocolHandler instanceof AbstractProtocol<?> protocol) {
			setUnlessChanged(protocol, SOCKET_READ_BUFFER_PROPERTY, this.properties.getSocketReadBufferSize());
			setUnlessChanged(protocol, SOCKET_WRITE_BUFFER_PROPERTY, this.properties.getSocketWriteBufferSize());
		}
	}

	private static void setUnlessChanged(AbstractProtocol<?> protocol, String property, DataSize size) {
		String current = protocol.getProperty(property);
		if (current == null || String.valueOf(TOMCAT_DEFAULT_BUFFER_SIZE).equals(current)) {
			protocol.setProperty(property, Integer.toString(toInt(size)));
		}
	}

	/**
	 * Return whether Lifeline set Tomcat's JVM-wide WebSocket buffer size in this JVM.
	 * @return {@code true} if it did
	 */
	static boolean ioBufferSizeSet() {
		return ioBufferSizeSet;
	}

	private static int toInt(DataSize size) {
		return (int) size.toBytes();
	}

}
