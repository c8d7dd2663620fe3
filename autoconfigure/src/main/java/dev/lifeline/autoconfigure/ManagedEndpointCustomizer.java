package dev.lifeline.autoconfigure;

/**
 * Callback interface that can be implemented by beans wishing to customize the handshake
 * of Lifeline's managed endpoints: add {@code HandshakeInterceptor}s, or set the
 * {@code HandshakeHandler} that performs the upgrade and decides the session's principal.
 * Customizers are applied to every endpoint, in order; one that concerns a single
 * endpoint checks {@link ManagedEndpointRegistration#getName()}.
 *
 * @author Lifeline contributors
 * @see ManagedEndpointRegistration
 */
@FunctionalInterface
public interface ManagedEndpointCustomizer {

	/**
	 * Customize the registration of a managed endpoint.
	 * @param registration the registration to customize
	 */
	void customize(ManagedEndpointRegistration registration);

}
