package dev.lifeline.autoconfigure;

import java.util.List;

import jakarta.servlet.ServletContext;
import jakarta.websocket.WebSocketContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.ServletContextAware;

/**
 * Applies {@code lifeline.container.*} to Tomcat's WebSocket container before the
 * connectors accept the first connection.
 * <p>
 * Tomcat allocates a text buffer and a binary buffer of the container's default sizes
 * for every session when it opens, and until Lifeline took over message assembly these
 * buffers also bounded the largest whole message. Lifeline asks for partial messages, so
 * its sessions need neither to be large. Other endpoints in the same application may not,
 * so the defaults are lowered only when the managed path is the only WebSocket endpoint,
 * and never when the application has set them itself, with the
 * {@code org.apache.tomcat.websocket.textBufferSize} and {@code binaryBufferSize} servlet
 * context parameters or a {@code ServletServerContainerFactoryBean}.
 * <p>
 * The input and output buffers that Tomcat sizes from the JVM-wide
 * {@code org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE} system property are left alone:
 * the property is read once when Tomcat's classes load, and affects every WebSocket client
 * and server in the JVM.
 *
 * @author Lifeline contributors
 */
final class TomcatWebSocketBuffers implements SmartInitializingSingleton, ServletContextAware {

	private static final Log logger = LogFactory.getLog(TomcatWebSocketBuffers.class);

	static final String SERVER_CONTAINER_ATTRIBUTE = "jakarta.websocket.server.ServerContainer";

	static final String TEXT_BUFFER_SIZE_PARAMETER = "org.apache.tomcat.websocket.textBufferSize";

	static final String BINARY_BUFFER_SIZE_PARAMETER = "org.apache.tomcat.websocket.binaryBufferSize";

	private static final String TOMCAT_CONTAINER = "org.apache.tomcat.websocket.server.WsServerContainer";

	/**
	 * Tomcat's own default for both buffers, which its system property may change.
	 */
	private static final int TOMCAT_DEFAULT_BUFFER_SIZE = Integer
		.getInteger("org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE", 8 * 1024);

	private final LifelineProperties.Container properties;

	private final UpgradePathVerifier verifier;

	private @Nullable ServletContext servletContext;

	TomcatWebSocketBuffers(LifelineProperties.Container properties, UpgradePathVerifier verifier) {
		this.properties = properties;
		this.verifier = verifier;
	}

	@Override
	public void setServletContext(ServletContext servletContext) {
		this.servletContext = servletContext;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.servletContext == null
				|| !(this.servletContext.getAttribute(SERVER_CONTAINER_ATTRIBUTE) instanceof WebSocketContainer container)
				|| !container.getClass().getName().equals(TOMCAT_CONTAINER)) {
			return;
		}
		List<String> unmanaged = this.verifier.unmanagedEndpoints();
		if (!unmanaged.isEmpty()) {
			logger.info("Keeping Tomcat's WebSocket buffer sizes since other WebSocket endpoints may need whole "
					+ "messages as large as the buffers: " + String.join("; ", unmanaged));
			return;
		}
		if (isDefault(TEXT_BUFFER_SIZE_PARAMETER, container.getDefaultMaxTextMessageBufferSize())) {
			container.setDefaultMaxTextMessageBufferSize(toInt(this.properties.getTextBufferSize()));
		}
		if (isDefault(BINARY_BUFFER_SIZE_PARAMETER, container.getDefaultMaxBinaryMessageBufferSize())) {
			container.setDefaultMaxBinaryMessageBufferSize(toInt(this.properties.getBinaryBufferSize()));
		}
	}

	private boolean isDefault(String parameter, int current) {
		return this.servletContext.getInitParameter(parameter) == null && current == TOMCAT_DEFAULT_BUFFER_SIZE;
	}

	private static int toInt(DataSize size) {
		return (int) size.toBytes();
	}

}
