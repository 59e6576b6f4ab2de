/**
 * Examples the sandbox knows it answers differently from Azure, each with the reason (the README's sandbox section
 * lists the same). The conformance suite fails for any other disagreeing example.
 */
const FORMAT = 'The sandbox imports only OpenAPI 3 and Swagger 2 documents (inline or by link)';

export const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {
  ApiManagementCreateApiUsingWadlImport: `${FORMAT}; WADL is not one of them.`,
  ApiManagementCreateSoapPassThroughApiUsingWsdlImport: `${FORMAT}; WSDL (SOAP) is not one of them.`,
  ApiManagementCreateSoapToRestApiUsingWsdlImport: `${FORMAT}; WSDL (SOAP) is not one of them.`,
  ApiManagementCreateGrpcApi: `${FORMAT}; gRPC .proto files are not one of them.`,
  ApiManagementCreateODataApi: `${FORMAT}; OData $metadata is not one of them.`,
};

/**
 * Keys an example's answer has only because of how the example's own instance was set up, not because the operation
 * returns them: left out of the comparison.
 */
export const INSTANCE_SPECIFIC_KEYS: Readonly<Record<string, readonly string[]>> = {
  // A multi-region Premium instance with a private endpoint and managed identities; the seeded instance is none of these.
  ApiManagementServiceGetService: ['properties.additionalLocations', 'properties.privateEndpointConnections', 'identity'],
  ApiManagementListServiceBySubscriptionAndResourceGroup: ['value[].properties.additionalLocations', 'value[].identity'],
};
