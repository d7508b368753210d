"""Invitations to claim an imported organisation; when it was claimed

Revision ID: 587dc59afc1b
Revises: 8983ac68d031
Create Date: 2026-12-01 10:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '587dc59afc1b'
down_revision = '8983ac68d031'
branch_labels = None
depends_on = None

OPEN = "status IN ('sent', 'opened')"


def upgrade():
    op.create_table(
        'invitation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cluster_id', sa.Integer(), nullable=True),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('contact_person_id', sa.Integer(), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('nonce', sa.String(length=32), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.Column('opened_at', sa.DateTime(), nullable=True),
        sa.Column('accepted_at', sa.DateTime(), nullable=True),
        sa.Column('reminded_at', sa.DateTime(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('sent', 'opened', 'accepted', 'expired', 'bounced')",
            name=op.f('ck_invitation_status'),
        ),
        sa.ForeignKeyConstraint(['cluster_id'], ['cluster.id'], name=op.f('fk_invitation_cluster_id_cluster'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['contact_person_id'], ['contact_person.id'], name=op.f('fk_invitation_contact_person_id_contact_person'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_invitation_created_by_id_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_invitation_organisation_id_organisation'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_invitation_user_id_user'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(
            batch_op.f('ix_invitation_organisation_id'), ['organisation_id'], unique=False
        )
        batch_op.create_index(
            'uq_invitation_open_organisation_email',
            ['organisation_id', 'email'],
            unique=True,
            sqlite_where=sa.text(OPEN),
            postgresql_where=sa.text(OPEN),
        )
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('claimed_at')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index('uq_invitation_open_organisation_email')
        batch_op.drop_index(batch_op.f('ix_invitation_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_invitation_cluster_id'))
    op.drop_table('invitation')
