// kafkajs keeps its table of Kafka protocol errors in this module and does not declare it.
declare module 'kafkajs/src/protocol/error' {
  export const errorCodes: { type: string; code: number; retriable: boolean; message: string }[];
}
