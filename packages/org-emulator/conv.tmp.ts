import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
const cs = ComponentSet.fromSource(process.argv[2]); cs.sourceApiVersion = '62.0';
const r = await new MetadataConverter().convert(cs, 'metadata', { type: 'directory', outputDirectory: '/tmp/conv', genUniqueDir: false });
