import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DocumentDecision = 'ACCEPTED' | 'REJECTED';

/** A document of an application as verification knows it: a reference into the document store. */
@Entity({ name: 'case_documents' })
export class CaseDocumentEntity {
  /** The document id given by intake. */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ name: 'content_type', type: 'varchar', length: 40 })
  contentType: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ name: 'storage_key', type: 'varchar', length: 200 })
  storageKey: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt: Date;

  @Column({ type: 'boolean' })
  current: boolean;

  @Column({ type: 'varchar', length: 20, nullable: true })
  decision: DocumentDecision | null;

  @Column({ name: 'decision_note', type: 'varchar', length: 500, nullable: true })
  decisionNote: string | null;

  @Column({ name: 'decided_by', type: 'varchar', length: 200, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}
