// Kafka's own Java producer, run by kafka-java-producer.fixture.ts in the JDK's source-file mode: it writes
// the records its standard input holds, so that the consumer is tested on batches as Java clients write them
// (their codecs and framings), not only as kafkajs writes them.
//
// Arguments: brokers topic compression.type [batch.size, default 1 MiB]. Standard input: records, each a key then a value, each an int32
// length (-1 for null) and that many bytes. All records go to partition 0, in one batch where they fit.
import java.io.DataInputStream;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public class KafkaJavaProducerFixture {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    props.put("compression.type", args[2]);
    props.put("acks", "all");
    // A missing topic fails the run in seconds rather than after the default minute per record.
    props.put("max.block.ms", "15000");
    // Records gather into large batches, as a busy producer's do.
    props.put("linger.ms", "100");
    props.put("batch.size", args.length > 3 ? args[3] : Integer.toString(1 << 20));
    props.put("max.request.size", Integer.toString(4 << 20));
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    DataInputStream in = new DataInputStream(System.in);
    List<Future<?>> sends = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (;;) {
        byte[] key;
        try {
          key = read(in);
        } catch (EOFException end) {
          break;
        }
        sends.add(producer.send(new ProducerRecord<>(args[1], 0, key, read(in))));
      }
      producer.flush();
      // A record the broker refused fails the run here, with the broker's reason.
      for (Future<?> send : sends) send.get();
    }
  }

  private static byte[] read(DataInputStream in) throws Exception {
    int length = in.readInt();
    if (length < 0) return null;
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }
}
